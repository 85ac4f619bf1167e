// Warns five minutes before the session ends for lack of activity and offers to extend it
// (WCAG 2.2.1). Without JavaScript the account page shows the time and the same button.
(function () {
  'use strict';
  var box = document.getElementById('session-warning');
  if (!box) return;
  var ends = Number(box.getAttribute('data-expires')) * 1000;
  if (!ends) return;
  var wait = ends - Date.now() - 5 * 60 * 1000;
  window.setTimeout(function () {
    box.hidden = false;
    // The button takes the focus unless the person is typing somewhere.
    var active = document.activeElement;
    var typing = active && /^(INPUT|TEXTAREA|SELECT)$/.test(active.tagName);
    var button = box.querySelector('button');
    if (button && !typing) button.focus();
  }, Math.max(wait, 0));
})();
