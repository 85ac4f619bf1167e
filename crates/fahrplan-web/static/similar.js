// Similar proposals while typing a new one (issue 17): a progressive enhancement. Without
// JavaScript the first submit shows the similar proposals as a step of its own; with it, the
// proposals like the title and text typed so far are listed below the form's title field, in a
// polite live region, from the process's JSON endpoint (data-url). Text is set as text, never
// as markup.
(function () {
  'use strict';
  var box = document.getElementById('aehnliche');
  var title = document.getElementById('title');
  var body = document.getElementById('body');
  if (!box || !title || !window.fetch || !window.URLSearchParams) return;
  var timer = null;
  var last = '';
  function show(items) {
    box.textContent = '';
    if (!items.length) return;
    var heading = document.createElement('p');
    heading.className = 'hint';
    heading.textContent = box.getAttribute('data-heading') || '';
    box.appendChild(heading);
    var list = document.createElement('ul');
    items.forEach(function (item) {
      var li = document.createElement('li');
      var a = document.createElement('a');
      a.href = item.url;
      a.textContent = item.title;
      a.lang = 'de';
      li.appendChild(a);
      list.appendChild(li);
    });
    box.appendChild(list);
  }
  function ask() {
    var t = title.value.trim();
    var b = body ? body.value.trim().slice(0, 400) : '';
    var key = t + '\n' + b;
    if (t.length < 4 || key === last) return;
    last = key;
    var q = new URLSearchParams({ titel: t, text: b });
    fetch(box.getAttribute('data-url') + '?' + q.toString(), { credentials: 'omit' })
      .then(function (r) { return r.ok ? r.json() : { items: [] }; })
      .then(function (data) { if (last === key) show(data.items || []); })
      .catch(function () { /* suggestions are optional */ });
  }
  function later() {
    clearTimeout(timer);
    timer = setTimeout(ask, 400);
  }
  title.addEventListener('input', later);
  if (body) body.addEventListener('input', later);
})();
