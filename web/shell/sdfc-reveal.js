// sdfc-reveal.js — reveal.js plugin for slides that embed the Strong-DFC demo (needs
// sdfc-deck.js first). After a click into a demo, ArrowLeft/Right, Space, Page Up/Down,
// Home/End still navigate; leaving a slide hands the keyboard back to the deck and
// pauses its demos; showing a slide starts its demos.
//
//   <script src="sdfc/sdfc-deck.js"></script>
//   <script src="sdfc/sdfc-reveal.js"></script>
//   <script>Reveal.initialize({ plugins: [ SdfcReveal ] });</script>
(function (root) {
  'use strict';
  function frames(slide) {
    return slide ? Array.prototype.slice.call(slide.getElementsByTagName('iframe')) : [];
  }
  root.SdfcReveal = function () {
    return {
      id: 'sdfc',
      init: function (deck) {
        var link = root.SdfcDeck.connect({
          navigate: function (key, shift) {
            if (key === 'ArrowRight') deck.right();
            else if (key === 'ArrowLeft') deck.left();
            else if (key === 'ArrowUp') deck.up();
            else if (key === 'ArrowDown') deck.down();
            else if (key === 'PageDown' || ((key === ' ' || key === 'Spacebar') && !shift)) deck.next();
            else if (key === 'PageUp' || key === ' ' || key === 'Spacebar') deck.prev();
            else if (key === 'Home') deck.slide(0);
            else if (key === 'End') deck.slide(Number.MAX_VALUE);
          },
          isActive: function (iframe) {
            var s = deck.getCurrentSlide();
            return !!s && s.contains(iframe);
          },
        });
        deck.on('slidechanged', function (e) {
          link.release();
          frames(e.previousSlide).forEach(link.pause);
          frames(e.currentSlide).forEach(link.play);
        });
      },
    };
  };
})(typeof window !== 'undefined' ? window : this);
