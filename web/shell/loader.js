// loader.js — everything the page does around the WebAssembly program:
//   * the training worker (sdfc-worker.js: the engine in its own WebAssembly instance,
//     or the inline copy of it in the one-file build, started from a Blob): it trains,
//     and its snapshots are queued here for the program to read (no shared memory);
//   * loading screen with byte-accurate progress (demo.wasm + demo.data are fetched
//     here and handed to Emscripten), a hint when loading is slow, visible errors
//     (no WebGL2, script errors, aborts, lost GPU context) with a Reload button;
//   * URL hash → program arguments (parsed by the same C++ as the desktop's argv),
//     and hash edits applied live;
//   * input glue in front of Emscripten's GLFW (these listeners are registered first,
//     so they run first): wheel in proper units and page scrolling when the demo does
//     not need the wheel; touch with the position before the press; slide-navigation
//     keys left to the page (forwarded to the parent frame inside an iframe), and
//     play/pause messages from it (web/shell/sdfc-deck.js is the other side).
// Requests: only demo.wasm, demo.data and sdfc-worker.js next to this file. No eval.
(function () {
  'use strict';
  var $ = function (id) { return document.getElementById(id); };
  var canvas = $('canvas'), overlay = $('overlay'), statusEl = $('status'), fill = $('fill');
  var errorEl = $('error'), hintEl = $('hint'), reloadBtn = $('reload');
  var single = !!window.SDFC_SINGLE_FILE;
  var failed = false, lastHash = location.hash;

  function showError(msg) {
    if (failed) return;
    failed = true;
    overlay.hidden = false;
    statusEl.textContent = 'The demo stopped.';
    errorEl.textContent = String(msg);
    errorEl.hidden = false;
    reloadBtn.hidden = false;
    hintEl.hidden = true;
  }
  window.sdfcShowError = showError;
  reloadBtn.addEventListener('click', function () { location.reload(); });
  window.addEventListener('error', function (e) {
    showError('Script error: ' + (e.message || (e.error && e.error.message) || 'unknown') +
              (e.filename ? '\n' + e.filename + ':' + e.lineno : ''));
  });
  window.addEventListener('unhandledrejection', function (e) {
    showError('Error: ' + ((e.reason && e.reason.message) || e.reason));
  });

  // --- URL hash → "--key value" arguments ---------------------------------------------
  function hashArgs(h) {
    var args = [];
    h.replace(/^#/, '').split('&').forEach(function (kv) {
      if (!kv) return;
      var i = kv.indexOf('=');
      var k, v;
      try {
        k = decodeURIComponent(i < 0 ? kv : kv.slice(0, i));
        v = i < 0 ? '1' : decodeURIComponent(kv.slice(i + 1).replace(/\+/g, ' '));
      } catch (err) { return; }
      if (!/^[a-z_]{1,24}$/.test(k) || v.length > 200) return;
      args.push('--' + k, v);
    });
    return args;
  }
  var embed = /(^|[#&])embed=(1|true)(&|$)/.test(location.hash);
  if (embed) document.documentElement.classList.add('embed');

  // --- WebGL2 is required ------------------------------------------------------------------
  var probe = document.createElement('canvas');
  var gl2 = null;
  try { gl2 = probe.getContext('webgl2'); } catch (err) { gl2 = null; }
  if (!gl2) {
    showError('This browser or device does not provide WebGL 2, which the demo needs.\n' +
              'Try a current Firefox, Chrome, Edge or Safari (15 or newer), and check that ' +
              'hardware acceleration is enabled.');
    return;
  }
  canvas.addEventListener('webglcontextlost', function (e) {
    e.preventDefault();
    showError('The graphics context was lost (GPU reset, driver update or too many open tabs).\n' +
              'Reload to continue: your settings are kept in the address.');
  }, false);
  canvas.addEventListener('contextmenu', function (e) { e.preventDefault(); });

  // --- the training worker ------------------------------------------------------------------
  try {
    var src = single ? document.getElementById('sdfc-worker') : null;
    var url = src ? URL.createObjectURL(new Blob([src.textContent], { type: 'text/javascript' }))
                  : 'sdfc-worker.js';
    window.sdfcSnapshots = [];
    var worker = window.sdfcWorker = new Worker(url);
    worker.onmessage = function (e) {
      var m = e.data;
      if (m.type === 'snap') {
        window.sdfcSnapshots.push(m.bytes);
        if (window.sdfcSnapshots.length > 64) window.sdfcSnapshots.splice(1, 32);  // tab in background
      } else if (m.type === 'error') {
        showError('The training worker stopped: ' + m.message);
      }
    };
    worker.onerror = function (e) {
      e.preventDefault();
      showError('The training worker could not start: ' + (e.message || 'unknown error') +
                (single ? '' : '\n(is sdfc-worker.js next to index.html?)'));
    };
  } catch (err) {
    showError('This browser cannot start a Web Worker, which the demo trains in: ' + err.message);
    return;
  }

  // --- the Emscripten module --------------------------------------------------------------
  var Module = window.Module = {
    canvas: canvas,
    arguments: hashArgs(location.hash),
    print: function (t) { console.log(t); },
    printErr: function (t) { console.warn(t); },
    setStatus: function (t) { if (!failed && t) statusEl.textContent = t.replace(/\(\d+\/\d+\)/, ''); },
    totalDependencies: 0,
    monitorRunDependencies: function (left) {
      this.totalDependencies = Math.max(this.totalDependencies, left);
      if (left) statusEl.textContent = 'Preparing… (' + (this.totalDependencies - left) + '/' + this.totalDependencies + ')';
      else statusEl.textContent = 'Starting…';
    },
    onAbort: function (what) { showError('The program stopped: ' + what); },
  };
  // Until the demo's first frames have run, its exports exist (the module is instantiated)
  // while its C++ globals are not yet constructed: nothing may call into it before then.
  var appReady = false;
  window.sdfcLoaded = function () {
    if (failed) return;
    appReady = true;
    overlay.hidden = true;
    if (window.parent !== window) window.parent.postMessage({ type: 'sdfc-ready' }, '*');
  };
  // The embedding page (sdfc-deck.js) starts and pauses training with its slide.
  window.addEventListener('message', function (e) {
    var d = e.data;
    // (a deck that pauses a slide's demo while it is still loading: the plugin sends play
    // again on sdfc-ready)
    if (e.source !== window.parent || !d || d.type !== 'sdfc-control' || !appReady) return;
    if (d.action === 'play' || d.action === 'pause') Module.ccall('sdfc_control', null, ['string'], [d.action]);
  });
  window.sdfcOnHash = function (h) { lastHash = h; };
  window.addEventListener('hashchange', function () {
    if (location.hash === lastHash || !appReady) return;
    lastHash = location.hash;
    Module.ccall('sdfc_set_hash', null, ['string'], [location.hash]);
  });

  // --- input glue (capture phase, registered before GLFW's own listeners) --------------
  function onWheel(e) {
    if (!appReady) return;
    e.stopImmediatePropagation();  // GLFW's handler would block page scrolling and use raw pixels
    if (e.type !== 'wheel') return;
    if (!Module._sdfc_wants_wheel()) return;  // let the page scroll
    e.preventDefault();
    var k = e.deltaMode === 1 ? 1 / 3 : e.deltaMode === 2 ? 1 : 1 / 100;  // → "notches"
    Module._sdfc_wheel(-e.deltaX * k, -e.deltaY * k);
  }
  canvas.addEventListener('wheel', onWheel, { capture: true, passive: false });
  canvas.addEventListener('mousewheel', onWheel, { capture: true, passive: false });

  var primary = null;
  function touchXY(t) {
    var r = canvas.getBoundingClientRect();
    return [t.clientX - r.left, t.clientY - r.top];
  }
  function onTouch(e) {
    e.stopImmediatePropagation();  // GLFW 3.1.6 reports touches without positions
    e.preventDefault();            // no scrolling/zooming and no synthetic mouse events
    if (!appReady) return;
    for (var i = 0; i < e.changedTouches.length; ++i) {
      var t = e.changedTouches[i], p = touchXY(t);
      if (e.type === 'touchstart' && primary === null) {
        primary = t.identifier;
        Module._sdfc_touch(0, p[0], p[1]);
      } else if (t.identifier === primary) {
        if (e.type === 'touchmove') Module._sdfc_touch(1, p[0], p[1]);
        else { Module._sdfc_touch(2, p[0], p[1]); primary = null; }
      }
    }
  }
  ['touchstart', 'touchmove', 'touchend', 'touchcancel'].forEach(function (n) {
    canvas.addEventListener(n, onTouch, { capture: true, passive: false });
  });
  canvas.addEventListener('mouseenter', function () { if (appReady) Module._sdfc_pointer_inside(1); }, true);
  canvas.addEventListener('mouseleave', function () { if (appReady) Module._sdfc_pointer_inside(0); }, true);

  // Navigation keys belong to the page (slides, scrolling) unless a text field is active.
  var NAV = ['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'PageUp', 'PageDown', 'Home', 'End', ' ', 'Spacebar'];
  function onKey(e) {
    if (NAV.indexOf(e.key) < 0) return;
    if (appReady && Module._sdfc_wants_text()) return;
    e.stopImmediatePropagation();  // GLFW does not see it
    if (window.parent !== window && e.type === 'keydown') {
      // The iframe has focus after a click: hand the key to the embedding page
      // (sdfc-deck.js there navigates and takes the keyboard back).
      window.parent.postMessage({ type: 'sdfc-key', key: e.key, code: e.code, shiftKey: e.shiftKey }, '*');
      e.preventDefault();
    }
  }
  ['keydown', 'keyup', 'keypress'].forEach(function (n) { window.addEventListener(n, onKey, true); });

  if (single) {  // everything is inline: the program's script follows this one
    statusEl.textContent = 'Starting…';
    fill.style.width = '100%';
    return;
  }
  if (location.protocol === 'file:') {
    showError('This page must be served over http(s) (WebAssembly cannot be fetched from file://).\n' +
              'Run scripts/demo.sh, or open the single-file build sdfc-demo.html instead.');
    return;
  }

  // --- download with progress --------------------------------------------------------------
  var files = ['demo.wasm', 'demo.data'], loaded = [0, 0], totals = [0, 0];
  function progress() {
    var l = loaded[0] + loaded[1], t = totals[0] + totals[1];
    var mb = function (b) { return (b / 1048576).toFixed(1); };
    if (t > 0) {
      var f = Math.min(1, l / t);
      fill.style.width = (f * 100).toFixed(1) + '%';
      statusEl.textContent = 'Downloading… ' + Math.round(f * 100) + ' % [' + mb(l) + ' / ' + mb(t) + ' MB]';
    } else {
      statusEl.textContent = 'Downloading… ' + mb(l) + ' MB';
    }
  }
  function get(i) {
    return fetch(files[i], { credentials: 'same-origin' }).then(function (r) {
      if (!r.ok) throw new Error(files[i] + ': HTTP ' + r.status + ' ' + r.statusText);
      var enc = r.headers.get('Content-Encoding');
      totals[i] = enc && enc !== 'identity' ? 0 : +(r.headers.get('Content-Length') || 0);
      if (!r.body || !r.body.getReader) return r.arrayBuffer();
      var reader = r.body.getReader(), chunks = [], n = 0;
      function pump() {
        return reader.read().then(function (x) {
          if (x.done) {
            var out = new Uint8Array(n), o = 0;
            chunks.forEach(function (c) { out.set(c, o); o += c.length; });
            return out.buffer;
          }
          chunks.push(x.value); n += x.value.length; loaded[i] = n; progress();
          return pump();
        });
      }
      return pump();
    });
  }
  var slow = setTimeout(function () {
    if (failed) return;
    hintEl.textContent = 'Still loading… the first visit downloads about 3.5 MB (2 MB compressed). Later visits come from the browser cache.';
    hintEl.hidden = false;
  }, 8000);
  Promise.all([get(0), get(1)]).then(function (bufs) {
    clearTimeout(slow);
    hintEl.hidden = true;
    Module.wasmBinary = bufs[0];
    Module.getPreloadedPackage = function () { return bufs[1]; };
    statusEl.textContent = 'Compiling…';
    var s = document.createElement('script');
    s.src = 'demo.js';
    s.onerror = function () { showError('Could not load demo.js.'); };
    document.body.appendChild(s);
  }).catch(function (err) {
    showError('Download failed: ' + (err && err.message ? err.message : err) + '\nCheck the connection and reload.');
  });
})();
