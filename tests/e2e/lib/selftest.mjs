// The gates must be able to fail: each detector is pointed at a page with one known fault, served by
// a tiny local server, and must report it. A detector that stops seeing its fault fails the run.
import { createServer } from 'node:http';
import { axeViolations } from './axe.mjs';
import { htmlErrors } from './validate.mjs';
import { watch, foreignRequests, foreignReferences, storedState } from './privacy.mjs';
import { headerProblems } from './headers.mjs';
import { tabThrough, skipLink } from './keyboard.mjs';
import { fillAndSubmit, errorStateProblems } from './forms.mjs';
import { tableProblems } from './tables.mjs';
import { brokenWordProblems } from './words.mjs';
import { menuProblems } from './phone.mjs';

const GOOD_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy': "default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
};

const page = (body, { lang = ' lang="de"', head = '' } = {}) => `<!DOCTYPE html>
<html${lang}>
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Probe</title>
<link rel="stylesheet" href="/probe.css">
${head}</head>
<body>
<a href="#inhalt">Zum Inhalt</a>
<main id="inhalt" tabindex="-1">
<h1>Probe</h1>
${body}
</main>
</body>
</html>
`;

const FORM_BROKEN = `<form method="post" action="/form">
<label for="text">Text</label>
<input id="text" name="text" type="text">
<button type="submit">Senden</button>
</form>`;

const TABLE = (cls) => `<div class="${cls}"><table class="${cls}"><caption>Kennzahlen</caption>
<tr><th scope="col">Kennzahl</th><th scope="col">Wert</th></tr>
<tr><td>Breitbandversorgung der Haushalte</td><td>Gigabitfähigkeit</td></tr>
</table></div>`;
const TABLES_HEAD = '<link rel="stylesheet" href="/tables.css">\n';
const HEADER = '<header><p>Digitales Hessen</p><nav aria-label="Hauptnavigation"><a href="/a">Strategie</a> <a href="/b">Ressorts</a></nav></header>\n';

/** Fault pages: path → { html, headers }. */
const FIXTURES = {
  '/no-lang': { html: page('<p>Text</p>', { lang: '' }) },
  '/unlabelled': { html: page('<form action="/x"><input type="text" name="x"><button type="submit">Los</button></form>') },
  '/font': { html: page('<p>Text</p>', { head: '<link rel="stylesheet" href="https://fonts.googleapis.com/css2?family=Roboto">\n' }) },
  '/probe.css': { html: 'a:focus-visible, input:focus-visible, button:focus-visible, main:focus { outline: 3px solid #000; } .wide { width: 500px; }', headers: { 'content-type': 'text/css' } },
  '/no-focus.css': { html: ':focus, :focus-visible { outline: none; }', headers: { 'content-type': 'text/css' } },
  '/wide': { html: page('<p class="wide">Breit</p>') },
  '/cookie': { html: page('<p>Text</p>'), headers: { 'set-cookie': 'tracker=1; Path=/' } },
  '/storage': { html: page('<p>Text</p><script src="/storage.js"></script>') },
  '/storage.js': { html: "localStorage.setItem('seen', '1');", headers: { 'content-type': 'text/javascript' } },
  '/no-csp': { html: page('<p>Text</p>'), headers: { 'content-security-policy': "default-src *" } },
  '/no-focus-style': { html: page('<p><a href="/a">Eins</a> <a href="/b">Zwei</a></p>').replace('/probe.css', '/no-focus.css') },
  '/trap': { html: page('<p><input aria-label="Falle" id="f"> <a href="/b">Weiter</a></p><script src="/trap.js"></script>') },
  '/trap.js': { html: "document.getElementById('f').addEventListener('keydown', (e) => { if (e.key === 'Tab') e.preventDefault(); });", headers: { 'content-type': 'text/javascript' } },
  '/no-skip': { html: page('<p>Text</p>').replace('<a href="#inhalt">Zum Inhalt</a>', '<a href="/start">Start</a>') },
  '/form': { html: page(FORM_BROKEN) },
  '/tables.css': { html: '.narrow { width: 10rem; } table.anywhere td, table.anywhere th { overflow-wrap: anywhere; } div.scroll { overflow-x: auto; }', headers: { 'content-type': 'text/css' } },
  '/broken-words': { html: page(TABLE('narrow anywhere'), { head: TABLES_HEAD }) },
  '/broken-card': { html: page('<ul><li class="card narrow anywhere"><a href="/w"><span class="card-title">Wissenschaftsförderung</span></a></li></ul>', { head: '<link rel="stylesheet" href="/cards.css">\n' }) },
  '/covered': { html: page('<p><a href="/x">Verdeckt</a></p><div class="cover"></div>', { head: '<link rel="stylesheet" href="/cover.css">\n' }) },
  '/cover.css': { html: '.cover { position: fixed; inset: 0 0 auto 0; height: 60vh; background: #fff; }', headers: { 'content-type': 'text/css' } },
  '/cards.css': { html: '.narrow { width: 8rem; } .anywhere { overflow-wrap: anywhere; }', headers: { 'content-type': 'text/css' } },
  '/wide-table': { html: page(TABLE('narrow'), { head: TABLES_HEAD }) },
  '/bare-scroller': { html: page(TABLE('narrow scroll'), { head: TABLES_HEAD }) },
  '/no-menu': { html: page('<p>Text</p>').replace('<main', `${HEADER}<main`) },
};

function serve() {
  const server = createServer((req, res) => {
    const path = req.url.split('?')[0];
    if (req.method === 'POST' && path === '/form') {
      // A refused form done wrong: no summary, no marks, input lost, plain title.
      res.writeHead(422, GOOD_HEADERS);
      res.end(page(FORM_BROKEN));
      return;
    }
    const f = FIXTURES[path];
    if (!f) {
      res.writeHead(404, GOOD_HEADERS);
      res.end(page('<p>Fehlt</p>'));
      return;
    }
    res.writeHead(200, { ...GOOD_HEADERS, ...(f.headers ?? {}) });
    res.end(f.html);
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(server)));
}

async function probe(browser, base, path, width, fn) {
  const context = await browser.newContext({ viewport: { width, height: 800 }, baseURL: base });
  const p = await context.newPage();
  const seen = await watch(p, context);
  try {
    const res = await p.goto(path);
    return await fn({ page: p, context, seen, res, html: await res.text() });
  } finally {
    await context.close();
  }
}

/** Each entry: the fault, the page, and how a detector is run; `expect` must match a reported problem. */
const CASES = [
  ['a missing lang attribute (axe)', '/no-lang', 1280, ({ page }) => axeViolations(page), /html-has-lang/],
  ['a missing lang attribute (html-validate)', '/no-lang', 1280, ({ html }) => htmlErrors(html), /lang/],
  ['an input without a label', '/unlabelled', 1280, ({ page }) => axeViolations(page), /^label /],
  ['an external font', '/font', 1280, async ({ page, seen, base }) => [...foreignRequests(seen.requests, base), ...(await foreignReferences(page, base))], /fonts\.googleapis\.com/],
  ['an external font blocked by CSP', '/font', 1280, async ({ page, context }) => (await storedState(page, context)).csp, /style-src/],
  ['sideways scrolling at 320 px', '/wide', 320, ({ page }) => page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth ? ['wide'] : []), /wide/],
  ['a cookie', '/cookie', 1280, async ({ page, context }) => (await storedState(page, context)).problems, /cookie tracker/],
  ['a Set-Cookie header', '/cookie', 1280, async ({ res }) => headerProblems(await res.allHeaders(), { hsts: false }), /Set-Cookie/],
  ['local storage', '/storage', 1280, async ({ page, context }) => (await storedState(page, context)).problems, /localStorage key seen/],
  ['a weak Content-Security-Policy', '/no-csp', 1280, async ({ res }) => headerProblems(await res.allHeaders(), { hsts: false }), /default-src/],
  ['focus without a visible indicator', '/no-focus-style', 1280, ({ page }) => tabThrough(page), /no visible focus/],
  ['a keyboard trap', '/trap', 1280, ({ page }) => tabThrough(page), /trapped|should reach/],
  ['a focused link hidden under other content', '/covered', 1280, ({ page }) => tabThrough(page), /"Verdeckt" is hidden by other content/],
  ['a missing skip link', '/no-skip', 1280, ({ page }) => skipLink(page), /not a skip link/],
  ['a word broken inside a table cell', '/broken-words', 320, ({ page }) => tableProblems(page), /"Breitbandversorgung" is broken across/],
  ['a card title broken inside a word', '/broken-card', 320, ({ page }) => brokenWordProblems(page), /"Wissenschaftsförderung" is broken across/],
  ['a table wider than its column outside a scrolling container', '/wide-table', 320, ({ page }) => tableProblems(page), /not inside a scrolling container/],
  ['a table scrolling in a container that is neither focusable nor named', '/bare-scroller', 320, ({ page }) => tableProblems(page), /cannot take the focus[\s\S]*not a named region/],
  ['a phone header whose navigation shows without a menu button', '/no-menu', 320, ({ page }) => menuProblems(page), /navigation links show before[\s\S]*menu button/],
  ['a refused form without summary, marks and kept input', '/form', 1280, async ({ page }) => {
    const { filled } = await fillAndSubmit(page, 0, 'invalid');
    return errorStateProblems(page, filled);
  }, /Fehler:[\s\S]*no error summary[\s\S]*aria-invalid[\s\S]*lost its input/],
];

/** Runs every case; records "the gates catch …" checks in the report. */
export async function selfTest(browser, report) {
  const server = await serve();
  const base = `http://127.0.0.1:${server.address().port}`;
  try {
    for (const [fault, path, width, detect, expect] of CASES) {
      await report.guard(`the gates catch ${fault}`, `self-test ${path}`, async () => {
        const problems = await probe(browser, base, path, width, (ctx) => detect({ ...ctx, base }));
        return expect.test(problems.join('\n')) ? [] : [`not detected; the detector said: ${JSON.stringify(problems).slice(0, 300)}`];
      });
    }
  } finally {
    server.close();
  }
}
