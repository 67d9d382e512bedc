// worker_glue.js — the Web Worker's side of the training session (prepended to the
// worker's Emscripten build, sdfc-worker.js). Messages from the page:
//   {type:'init', asset:ArrayBuffer, weights:ArrayBuffer}
//   {type:'cmd', seq, verb, query}
// Messages to the page: {type:'snap', bytes:ArrayBuffer} (transferred) and
// {type:'error', message}. Training runs in slices of ≤ 40 ms; between slices the
// worker yields (a MessageChannel tick, no 4 ms timer clamp), so commands get in.
var Module = typeof Module !== 'undefined' ? Module : {};
(function () {
  'use strict';
  var ready = false, pending = [], timer = null, tick = new MessageChannel();
  function copyIn(buf) {
    var a = new Uint8Array(buf), p = Module._malloc(Math.max(1, a.length));
    Module.HEAPU8.set(a, p);
    return [p, a.length];
  }
  function handle(m) {
    if (m.type === 'init') {
      var a = copyIn(m.asset), w = copyIn(m.weights);
      Module._w_init(a[0], a[1], w[0], w[1]);
      Module._free(a[0]); Module._free(w[0]);
    } else if (m.type === 'cmd') {
      Module.ccall('w_command', null, ['number', 'string', 'string'], [m.seq, m.verb, m.query]);
    }
  }
  function post() {
    var n = Module._w_snapshot(0.1);
    if (!n) return;
    var p = Module._w_snapshot_ptr();
    var b = Module.HEAPU8.slice(p, p + n).buffer;
    postMessage({ type: 'snap', bytes: b }, [b]);
  }
  function loop() {
    timer = null;
    var wait;
    try {
      wait = Module._w_work(40);
      post();
    } catch (err) {
      postMessage({ type: 'error', message: String(err && err.message || err) });
      return;
    }
    schedule(wait);
  }
  function schedule(wait) {
    if (timer !== null) return;
    if (wait <= 0) { timer = 0; tick.port2.postMessage(0); }
    else timer = setTimeout(loop, wait);
  }
  tick.port1.onmessage = loop;
  self.onmessage = function (e) {
    if (!ready) { pending.push(e.data); return; }
    try { handle(e.data); post(); } catch (err) {
      postMessage({ type: 'error', message: String(err && err.message || err) });
    }
    if (timer !== null && timer !== 0) { clearTimeout(timer); timer = null; }
    schedule(0);
  };
  Module.onRuntimeInitialized = function () {
    ready = true;
    pending.forEach(handle);
    pending = [];
    post();
    schedule(0);
  };
  Module.onAbort = function (what) { postMessage({ type: 'error', message: 'worker stopped: ' + what }); };
})();
