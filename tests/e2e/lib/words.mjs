// Words as a reader meets them outside tables: headings, card titles, the terms and values of
// fact lists and status badges never break a word in two (a browser without a hyphenation
// dictionary otherwise cuts a long German compound anywhere, "Gestaltungsberei|ch"). Running
// text may still wrap a compound longer than a phone's line; pages hyphenate it (lang="de").

/** Where headings and the short labels of the layout are laid out. */
export const SHORT_TEXT = 'h1, h2, .card-title, .card > a, .facts dt, .facts dd, .status, .kicker';

/** Words broken across lines inside SHORT_TEXT on the page as it is laid out now. */
export async function brokenWordProblems(page) {
  return page.evaluate((selector) => {
    const problems = [];
    // A word may end a line at a space, or after a hyphen, dash or slash that belongs to it.
    const PIECE = /[^\s\-\u2010\u2011\u2013\u2014/]+[\-\u2010\u2013\u2014/]*/gu;
    const range = document.createRange();
    for (const el of document.querySelectorAll(selector)) {
      if (!el.checkVisibility({ checkVisibilityCSS: true })) continue;
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (node.parentElement?.closest('.visually-hidden')) continue;
        for (const m of node.data.matchAll(PIECE)) {
          range.setStart(node, m.index);
          range.setEnd(node, m.index + m[0].length);
          const lines = [];
          for (const r of range.getClientRects()) {
            if (r.width > 0 && r.height > 0 && !lines.some((top) => Math.abs(top - r.top) < r.height / 2)) lines.push(r.top);
          }
          if (lines.length > 1) problems.push(`${el.tagName.toLowerCase()}${el.className ? `.${el.className}` : ''}: "${m[0]}" is broken across ${lines.length} lines`);
        }
      }
    }
    return problems;
  }, SHORT_TEXT);
}
