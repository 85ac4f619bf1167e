// Selected words as the quote of a comment on a paragraph (issue 17): a progressive enhancement.
// On a text page, a paragraph's "Kommentieren" link takes the words selected in that paragraph
// along as `?zitat=` when it is followed (by mouse, touch or Enter); without JavaScript, or with
// nothing selected there, it is the plain link, and the form's quote field stays empty. On the
// paragraph's own page, selecting words in the shown paragraph fills the quote field, and the
// button "Markierte Stelle übernehmen" does the same for people who select with Shift and the
// arrow keys. The server checks the quote like any typed one; this only saves copying.
(function () {
  'use strict';
  if (!window.getSelection) return;

  // The selection's text if it lies wholly inside `box`, spaces run together, trimmed, and at
  // most `max` characters (longer selections are cut at a word's end).
  function selectedIn(box, max) {
    var sel = window.getSelection();
    if (!sel || sel.rangeCount === 0 || sel.isCollapsed) return '';
    if (!box.contains(sel.anchorNode) || !box.contains(sel.focusNode)) return '';
    var text = sel.toString().replace(/\s+/g, ' ').trim();
    if (text.length > max) {
      text = text.slice(0, max);
      var cut = text.lastIndexOf(' ');
      text = cut > 0 ? text.slice(0, cut) : '';
    }
    return text;
  }

  // Text pages: each `.note-block` holds a paragraph and its `.note-link`.
  var MAX_LINK = 1000;
  Array.prototype.forEach.call(document.querySelectorAll('.note-block'), function (block) {
    var link = block.querySelector('a.note-link');
    if (!link) return;
    var plain = link.getAttribute('href');
    function update() {
      // The paragraph is every child of the block but the line of links.
      var quote = '';
      Array.prototype.forEach.call(block.children, function (child) {
        if (!quote && !child.classList.contains('note-links')) quote = selectedIn(child, MAX_LINK);
      });
      link.setAttribute('href', quote ? plain + '?zitat=' + encodeURIComponent(quote) : plain);
    }
    // Before the click moves the selection away.
    link.addEventListener('mousedown', update);
    link.addEventListener('touchstart', update, { passive: true });
    link.addEventListener('focus', update);
    link.addEventListener('keydown', function (e) {
      if (e.key === 'Enter') update();
    });
  });

  // The paragraph page: the shown paragraph, the quote field and the button.
  var paragraph = document.getElementById('absatz-text');
  var field = document.getElementById('quote');
  var row = document.getElementById('quote-take-row');
  var button = document.getElementById('quote-take');
  if (!paragraph || !field) return;
  var max = parseInt(field.getAttribute('data-quote-max'), 10) || MAX_LINK;
  var last = '';
  function take(quote) {
    if (quote) field.value = quote;
  }
  document.addEventListener('selectionchange', function () {
    var quote = selectedIn(paragraph, max);
    if (quote) {
      last = quote;
      take(quote);
    }
  });
  if (row && button) {
    row.hidden = false;
    button.addEventListener('click', function () {
      take(selectedIn(paragraph, max) || last);
      field.focus();
    });
  }
})();
