// Tables as a reader meets them: no word inside a cell is broken across two lines, and a table
// wider than its column scrolls inside its own container, a named region that takes the focus
// (WCAG 1.4.10 reflow, 2.1.1 keyboard), so the page itself never scrolls sideways.

/** Problems with the tables of the page as it is laid out now; empty when all is well. */
export async function tableProblems(page) {
  return page.evaluate(() => {
    const problems = [];
    const short = (s) => s.trim().replace(/\s+/g, ' ').slice(0, 40);
    const nameOf = (el) => {
      const label = el.getAttribute('aria-label')?.trim();
      if (label) return label;
      const ids = el.getAttribute('aria-labelledby')?.split(/\s+/).filter(Boolean) ?? [];
      return ids.map((id) => document.getElementById(id)?.textContent ?? '').join(' ').trim();
    };
    // A word may end a line at a space, or after a hyphen, dash or slash that belongs to it
    // ("IT-|Sicherheit", "Bund/|Länder"); a break anywhere else splits the word.
    const PIECE = /[^\s\-\u2010\u2011\u2013\u2014/]+[\-\u2010\u2013\u2014/]*/gu;
    const range = document.createRange();
    document.querySelectorAll('table').forEach((table, n) => {
      const name = short(table.caption?.textContent ?? '') || `table ${n + 1}`;
      for (const cell of table.querySelectorAll('th, td')) {
        const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          for (const m of node.data.matchAll(PIECE)) {
            range.setStart(node, m.index);
            range.setEnd(node, m.index + m[0].length);
            const rects = [...range.getClientRects()].filter((r) => r.width > 0 && r.height > 0);
            const lines = [];
            for (const r of rects) {
              if (!lines.some((top) => Math.abs(top - r.top) < r.height / 2)) lines.push(r.top);
            }
            if (lines.length > 1) problems.push(`${name}: "${m[0]}" is broken across ${lines.length} lines`);
          }
        }
      }
      // Wider than its column: it must sit in a scrolling container that is a named, focusable region.
      const column = table.parentElement;
      if (!column || table.getBoundingClientRect().width <= column.clientWidth + 1) return;
      let scroller = column;
      while (scroller && !['auto', 'scroll'].includes(getComputedStyle(scroller).overflowX)) scroller = scroller.parentElement;
      if (!scroller || scroller === document.documentElement || scroller === document.body) {
        problems.push(`${name}: wider than its column and not inside a scrolling container`);
        return;
      }
      if (scroller.getBoundingClientRect().right > document.documentElement.clientWidth + 1) {
        problems.push(`${name}: its scrolling container is wider than the screen`);
      }
      if (scroller.tabIndex < 0) problems.push(`${name}: its scrolling container cannot take the focus (tabindex="0")`);
      if (scroller.getAttribute('role') !== 'region' || !nameOf(scroller)) {
        problems.push(`${name}: its scrolling container is not a named region (role="region" with aria-label)`);
      }
    });
    return problems;
  });
}
