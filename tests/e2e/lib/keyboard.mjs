// Keyboard use: Tab order, visible focus, focus not hidden, no trap, the skip link.

const FOCUSABLE =
  'a[href], area[href], button:not([disabled]), input:not([type="hidden"]):not([disabled]), select:not([disabled]), textarea:not([disabled]), summary, iframe, [tabindex]';

/** Marks every element that Tab should reach, in document order; returns their descriptions. */
async function markTabStops(page) {
  return page.evaluate((selector) => {
    // A radio group is one Tab stop (HTML: the checked radio, else the first); arrows move inside.
    const groupStop = (el) => {
      if (el.type !== 'radio' || !el.name) return true;
      const group = [...(el.form ?? document).querySelectorAll('input[type="radio"]')].filter((r) => r.name === el.name);
      return el === (group.find((r) => r.checked) ?? group[0]);
    };
    const stops = [...document.querySelectorAll(selector)].filter(
      (el) => el.tabIndex >= 0 && el.checkVisibility({ checkVisibilityCSS: true }) && !el.closest('[inert]') && groupStop(el),
    );
    return stops.map((el, i) => {
      el.dataset.e2eStop = String(i);
      const text = (el.getAttribute('aria-label') || el.textContent || el.getAttribute('name') || '').trim().replace(/\s+/g, ' ');
      return `${el.tagName.toLowerCase()} "${text.slice(0, 40)}"`;
    });
  }, FOCUSABLE);
}

/** What has focus now: its stop index, whether the focus is visible and not covered. */
async function focusState(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body || el === document.documentElement) return { stop: null };
    const style = getComputedStyle(el);
    const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
    const shadow = style.boxShadow !== 'none';
    // The first line box: a link that wraps has a bounding box reaching over the text before it
    // on its first line (a status badge), which is not what covers the link.
    const r = el.getClientRects()[0] ?? el.getBoundingClientRect();
    let covered = false;
    const cx = r.left + Math.min(r.width, 8) / 2 + 1;
    const cy = r.top + r.height / 2;
    if (cx >= 0 && cy >= 0 && cx < innerWidth && cy < innerHeight) {
      const hit = document.elementFromPoint(cx, cy);
      covered = !!hit && hit !== el && !el.contains(hit) && !hit.contains(el) && !(hit.tagName === 'LABEL' && hit.control === el);
    } else {
      covered = true;
    }
    return { stop: el.dataset.e2eStop ?? `unmarked ${el.tagName.toLowerCase()}`, visible: outline || shadow, covered };
  });
}

/** Tabs through the whole page from the top; returns problems. */
export async function tabThrough(page) {
  const stops = await markTabStops(page);
  const problems = [];
  if (stops.length === 0) return ['no element can receive focus'];
  for (let i = 0; i < stops.length; i++) {
    await page.keyboard.press('Tab');
    const s = await focusState(page);
    if (s.stop !== String(i)) {
      problems.push(`Tab ${i + 1} should reach ${stops[i]} but focus is on ${s.stop === null ? 'nothing' : `${s.stop}`}`);
      break;
    }
    if (!s.visible) problems.push(`${stops[i]} has no visible focus indicator`);
    if (s.covered) problems.push(`${stops[i]} is hidden by other content when focused`);
  }
  // One more Tab leaves the page (focus returns to the document) or wraps to the first stop: no trap.
  await page.keyboard.press('Tab');
  const after = await focusState(page);
  if (problems.length === 0 && after.stop !== null && after.stop !== '0') {
    problems.push(`after the last element focus stayed on ${after.stop}: focus is trapped`);
  }
  return problems;
}

/** The first Tab reaches the skip link; following it puts focus into <main>. */
export async function skipLink(page) {
  await page.keyboard.press('Tab');
  const first = await page.evaluate(() => ({
    href: document.activeElement?.getAttribute('href'),
    box: document.activeElement?.getBoundingClientRect().toJSON(),
  }));
  if (!first.href?.startsWith('#')) return [`the first Tab reaches ${first.href ?? 'nothing'}, not a skip link`];
  const problems = [];
  if (!first.box || first.box.width < 24 || first.box.height < 24 || first.box.top < 0) problems.push('the focused skip link is not visible on screen');
  await page.keyboard.press('Enter');
  const inMain = await page.evaluate(() => !!document.activeElement?.closest('main'));
  if (!inMain) problems.push('after the skip link, focus is not in <main>');
  await page.keyboard.press('Tab');
  const next = await page.evaluate(() => ({ inMain: !!document.activeElement?.closest('main'), tag: document.activeElement?.tagName }));
  if (!next.inMain) problems.push(`the Tab after the skip link goes to ${next.tag} outside <main>`);
  return problems;
}
