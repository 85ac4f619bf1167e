// Suggestions while typing in the search field: a progressive enhancement. Without JavaScript the
// form works the same; with it, titles from /api/v1/suggest fill the field's <datalist>, which
// browsers and screen readers offer like any other list of choices.
(function () {
  'use strict';
  var input = document.getElementById('q');
  var list = document.getElementById('vorschlaege');
  if (!input || !list || !window.fetch) return;
  var timer = null;
  var last = '';
  input.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      var q = input.value.trim();
      if (q.length < 3 || q === last) return;
      last = q;
      fetch('/api/v1/suggest?q=' + encodeURIComponent(q), { credentials: 'omit' })
        .then(function (r) { return r.ok ? r.json() : { suggestions: [] }; })
        .then(function (data) {
          if (input.value.trim() !== q) return;
          list.textContent = '';
          (data.suggestions || []).forEach(function (title) {
            var option = document.createElement('option');
            option.value = title;
            list.appendChild(option);
          });
        })
        .catch(function () { /* suggestions are optional */ });
    }, 200);
  });
})();
