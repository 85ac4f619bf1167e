// The page on a phone: a compact header whose menu button opens the navigation without
// JavaScript, by keyboard, with a visible focus; and the start page's areas within the first screen.

/** The most the closed header may take of a narrow screen, in CSS pixels. */
export const HEADER_MAX = 170;

const visibleLinks = (page) =>
  page.evaluate(() => [...document.querySelectorAll('header nav a')].filter((a) => a.checkVisibility({ checkVisibilityCSS: true })).length);

/** From the focused menu button, Tab reaches every control after it in the header, in order, visibly. */
async function tabAfterButton(page) {
  const stops = await page.evaluate(() => {
    const all = [...document.querySelectorAll('header a[href], header input:not([type="hidden"]), header button, header summary')];
    const after = all.slice(all.indexOf(document.activeElement) + 1).filter((el) => el.checkVisibility({ checkVisibilityCSS: true }));
    return after.map((el, i) => {
      el.dataset.menuStop = String(i);
      return `${el.tagName.toLowerCase()} "${(el.textContent || el.getAttribute('name') || '').trim().slice(0, 30)}"`;
    });
  });
  for (let i = 0; i < stops.length; i++) {
    await page.keyboard.press('Tab');
    const s = await page.evaluate(() => {
      const el = document.activeElement;
      const st = getComputedStyle(el);
      return { stop: el.dataset.menuStop ?? el.tagName, visible: (st.outlineStyle !== 'none' && parseFloat(st.outlineWidth) >= 2) || st.boxShadow !== 'none' };
    });
    if (s.stop !== String(i)) return [`menu open: Tab ${i + 1} after the button should reach ${stops[i]} but reaches ${s.stop}`];
    if (!s.visible) return [`menu open: ${stops[i]} has no visible focus`];
  }
  return stops.some((s) => s.startsWith('a')) ? [] : ['menu open: no link can be reached by Tab'];
}

/**
 * On a narrow page loaded with JavaScript off: the header is at most `HEADER_MAX` px high with the
 * navigation hidden; Tab reaches the menu button with a visible focus; Enter opens the navigation,
 * whose links Tab then reaches in order (`whenOpen` runs then); Enter on the button closes it again.
 */
export async function menuProblems(page, whenOpen = async () => {}) {
  const problems = [];
  const height = await page.evaluate(() => document.querySelector('body > header')?.getBoundingClientRect().height ?? 0);
  if (height > HEADER_MAX) problems.push(`the header is ${Math.round(height)} px high (at most ${HEADER_MAX})`);
  const before = await visibleLinks(page);
  if (before > 0) problems.push(`${before} navigation links show before the menu is opened`);
  let found = false;
  for (let i = 0; i < 6 && !found; i++) {
    await page.keyboard.press('Tab');
    found = await page.evaluate(() => document.activeElement?.tagName === 'SUMMARY');
  }
  if (!found) return [...problems, 'Tab does not reach a menu button (<summary>) among the first six stops'];
  const focus = await page.evaluate(() => {
    const s = getComputedStyle(document.activeElement);
    return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2) || s.boxShadow !== 'none';
  });
  if (!focus) problems.push('the focused menu button shows no visible focus');
  await page.keyboard.press('Enter');
  const after = await visibleLinks(page);
  if (after === 0) problems.push('Enter on the menu button shows no navigation link');
  else problems.push(...(await tabAfterButton(page)));
  await whenOpen();
  await page.focus('header summary');
  await page.keyboard.press('Enter');
  if ((await visibleLinks(page)) > 0) problems.push('Enter on the open menu button does not close the navigation');
  return problems;
}

/** On the start page: every link to an area lies within the first screen (the viewport). */
export async function areasProblems(page) {
  const areas = await page.evaluate(() =>
    [...document.querySelectorAll('section[aria-labelledby="bereiche"] a')].map((a) => ({
      text: a.textContent.trim(),
      bottom: a.getBoundingClientRect().bottom,
    })),
  );
  const height = page.viewportSize().height;
  if (areas.length < 8) return [`${areas.length} area links in the areas section, expected at least 8`];
  return areas.filter((a) => a.bottom > height).map((a) => `"${a.text}" ends at ${Math.round(a.bottom)} px, below the first screen (${height} px)`);
}
