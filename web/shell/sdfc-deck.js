// sdfc-deck.js — slide-deck helper for pages that embed the Strong-DFC demo in iframes.
// It never lets the demo trap the keyboard:
//   * navigation keys pressed inside a demo (after a click into it) arrive here as
//     {type:'sdfc-key'} messages and go to opts.navigate(key, shiftKey);
//   * release() hands the keyboard back to the deck: it blurs a focused demo iframe and
//     focuses this window. It runs by itself whenever a focused demo iframe is unloaded,
//     removed or gets a new src (reveal.js's data-src does that when the slide is left);
//   * play(iframe) / pause(iframe) start and stop a demo's training; when a demo has
//     loaded ({type:'sdfc-ready'}) it is started if opts.isActive(iframe), else paused.
// Framework-neutral; sdfc-reveal.js is the reveal.js plugin built on it.
//
//   var link = SdfcDeck.connect({ navigate: function (key, shift) {…}, isActive: function (f) {…} });
(function (root) {
  'use strict';
  function demoFrames(doc) {
    return Array.prototype.slice.call(doc.getElementsByTagName('iframe'));
  }
  function frameOf(doc, win) {
    var f = demoFrames(doc);
    for (var i = 0; i < f.length; ++i) if (f[i].contentWindow === win) return f[i];
    return null;
  }
  function post(iframe, msg) {
    if (iframe && iframe.contentWindow) iframe.contentWindow.postMessage(msg, '*');
  }

  function connect(opts) {
    opts = opts || {};
    var doc = opts.document || document;
    var win = doc.defaultView || window;
    var link = {
      release: function () {
        var a = doc.activeElement;
        if (a && a.tagName === 'IFRAME') a.blur();
        win.focus();
      },
      play: function (iframe) { post(iframe, { type: 'sdfc-control', action: 'play' }); },
      pause: function (iframe) { post(iframe, { type: 'sdfc-control', action: 'pause' }); },
      disconnect: function () {
        win.removeEventListener('message', onMessage);
        observer.disconnect();
      },
    };
    function onMessage(e) {
      var d = e.data;
      if (!d || typeof d.type !== 'string') return;
      var iframe = frameOf(doc, e.source);
      if (!iframe) return;  // only demos embedded in this page
      if (d.type === 'sdfc-key' && opts.navigate) {
        link.release();  // the next key goes to the deck directly
        opts.navigate(String(d.key), !!d.shiftKey);
      } else if (d.type === 'sdfc-ready') {
        var on = opts.isActive ? opts.isActive(iframe) : true;
        if (on) link.play(iframe); else link.pause(iframe);
      }
    }
    win.addEventListener('message', onMessage);
    // A focused iframe that is unloaded keeps the keyboard in an empty document: give it back.
    var observer = new MutationObserver(function (records) {
      var a = doc.activeElement;
      if (!a || a.tagName !== 'IFRAME') return;
      for (var i = 0; i < records.length; ++i) {
        var r = records[i];
        var gone = !doc.contains(a) || r.target === a;
        for (var j = 0; !gone && j < r.removedNodes.length; ++j)
          gone = r.removedNodes[j] === a || (r.removedNodes[j].contains && r.removedNodes[j].contains(a));
        if (gone) { link.release(); return; }
      }
    });
    observer.observe(doc.documentElement, { subtree: true, childList: true, attributes: true, attributeFilter: ['src'] });
    return link;
  }

  root.SdfcDeck = { connect: connect };
})(typeof window !== 'undefined' ? window : this);
