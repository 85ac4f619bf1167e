// Forms in their error state: summary with focus, marked fields, kept input, "Fehler:" title.

/** Text that must come back unchanged (and escaped) after a refused submission. */
export const MARKER = 'Prüfeingabe <b>fett</b> & "zitiert"';

/** The POST forms on the current page, as indexes into document.forms. */
export async function postForms(page) {
  return page.evaluate(() =>
    [...document.forms].map((f, i) => (f.method.toLowerCase() === 'post' ? i : -1)).filter((i) => i >= 0),
  );
}

/** Fills a form: `mode` "empty" leaves it empty, "invalid" fills text with MARKER and emails badly. */
export async function fillAndSubmit(page, index, mode) {
  const filled = await page.evaluate(
    ({ index, mode, marker }) => {
      const form = document.forms[index];
      const values = {};
      for (const el of form.elements) {
        if (!el.name || el.type === 'hidden' || el.type === 'submit' || el.type === 'button') continue;
        // The honeypot (class "honeypot", out of sight): people leave it empty, so do the gates.
        if (el.closest('.honeypot')) continue;
        if (mode === 'empty') {
          if ('value' in el && el.tagName !== 'SELECT' && el.type !== 'checkbox' && el.type !== 'radio') el.value = '';
          continue;
        }
        if (el.type === 'email') el.value = 'keine-adresse';
        else if (el.type === 'url') el.value = 'kein url';
        else if (el.type === 'password') el.value = 'x';
        else if (el.tagName === 'TEXTAREA' || ['text', 'search', 'tel', ''].includes(el.type)) el.value = marker;
        else continue;
        // Passwords must not come back, so they are not part of what has to be kept.
        if (el.type !== 'password') values[el.name] = el.value;
      }
      return values;
    },
    { index, mode, marker: MARKER },
  );
  const submit = page.locator('form').nth(index).locator('button[type="submit"], input[type="submit"], button:not([type])').first();
  const [response] = await Promise.all([page.waitForNavigation(), submit.click()]);
  return { filled, response };
}

/** Problems with the error state now shown; `kept` are values that must be back in their fields. */
export async function errorStateProblems(page, kept) {
  // `autofocus` is applied when the browser next renders, which can be just after "load".
  await page.waitForFunction(() => {
    const s = document.querySelector('.error-summary');
    return !s || s.contains(document.activeElement);
  }, null, { timeout: 2000 }).catch(() => {});
  const state = await page.evaluate(() => {
    const active = document.activeElement;
    const summary = document.querySelector('.error-summary') ?? document.querySelector('[role="alert"]:not([hidden] *)');
    const links = summary ? [...summary.querySelectorAll('a[href^="#"]')].map((a) => a.getAttribute('href').slice(1)) : [];
    const invalid = [...document.querySelectorAll('[aria-invalid="true"]')].map((el) => {
      const ids = (el.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean);
      const messages = ids.map((id) => document.getElementById(id)?.textContent.trim() ?? null);
      return { id: el.id, name: el.name, ids, messages };
    });
    const values = {};
    for (const f of document.forms) for (const el of f.elements) if (el.name && el.type !== 'hidden') values[el.name] = el.value;
    return {
      title: document.title,
      hasSummary: !!summary,
      summaryFocused: !!summary && (active === summary || summary.contains(active)),
      links,
      linkTargets: links.map((id) => !!document.getElementById(id)),
      invalid,
      values,
    };
  });
  const problems = [];
  if (!state.title.startsWith('Fehler:') && !state.title.startsWith('Error:')) problems.push(`title "${state.title}" does not start with "Fehler:"`);
  if (!state.hasSummary) problems.push('no error summary');
  else if (!state.summaryFocused) problems.push('the error summary does not have focus');
  if (state.invalid.length === 0) problems.push('no field is marked aria-invalid="true"');
  for (const f of state.invalid) {
    if (f.ids.length === 0) problems.push(`field ${f.name} has no aria-describedby`);
    if (f.messages.some((m) => m === null)) problems.push(`field ${f.name} points to a missing message (${f.ids.join(' ')})`);
    if (!f.messages.some((m) => m)) problems.push(`field ${f.name} has no message text`);
  }
  state.links.forEach((id, i) => {
    if (!state.linkTargets[i]) problems.push(`summary link #${id} points to no element`);
  });
  for (const f of state.invalid) {
    if (f.id && !state.links.includes(f.id)) problems.push(`field ${f.name} is not linked from the summary`);
  }
  for (const [name, value] of Object.entries(kept)) {
    if (state.values[name] !== value) problems.push(`field ${name} lost its input: ${JSON.stringify(state.values[name])}`);
  }
  return problems;
}
