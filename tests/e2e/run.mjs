// The browser quality gates: every sample route of `fahrplan routes --samples`, at 1280 and 320 px,
// in Debian's Chromium. Exits non-zero on any violation. Screenshots go to ./screenshots/.
import { chromium } from 'playwright-core';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, sampleRoutes, createUser, grantRole } from './lib/server.mjs';
import { totp, logIn, sessionCookieProblems, fieldForms } from './lib/accounts.mjs';
import { Report } from './lib/report.mjs';
import { axeViolations } from './lib/axe.mjs';
import { htmlErrors } from './lib/validate.mjs';
import { watch, foreignRequests, foreignReferences, storedState } from './lib/privacy.mjs';
import { headerProblems } from './lib/headers.mjs';
import { tabThrough, skipLink } from './lib/keyboard.mjs';
import { postForms, fillAndSubmit, errorStateProblems } from './lib/forms.mjs';
import { selfTest } from './lib/selftest.mjs';
import { tableProblems } from './lib/tables.mjs';
import { brokenWordProblems } from './lib/words.mjs';
import { menuProblems, areasProblems } from './lib/phone.mjs';

const WIDTHS = [1280, 320];
const SHOTS = process.env.E2E_SCREENSHOTS ?? join(import.meta.dirname, 'screenshots');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const FLAGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--disable-default-apps', '--disable-extensions', '--metrics-recording-only', '--mute-audio',
];
// Pages whose keyboard walk is checked (labels of `routes --samples`, matched by prefix).
const KEYBOARD_SAMPLES = ['start', 'area', 'measure', 'department with successor', 'accessibility statement', 'search with results', 'process timeline'];

const report = new Report();
const shotName = (label, width, state = '') =>
  `${label.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '').toLowerCase()}${state ? `-${state}` : ''}-${width}.png`;

async function withPage(browser, width, base, fn, storageState) {
  const context = await browser.newContext({ viewport: { width, height: 800 }, locale: 'de-DE', baseURL: base, storageState });
  const page = await context.newPage();
  const seen = await watch(page, context);
  try {
    return await fn(page, context, seen);
  } finally {
    await context.close();
  }
}

/** Everything that must hold for any rendered page (a sample or a form's error state). */
async function checkRendered(page, context, seen, where, { base, html, headers, status, expectStatus, session = false }) {
  report.check(`the page answers ${expectStatus}`, where, status === expectStatus ? [] : [`status ${status}`]);
  await report.guard('axe-core finds no WCAG 2.2 A/AA or best-practice violation', where, () => axeViolations(page));
  await report.guard('the HTML is valid (html-validate:standard)', where, () => htmlErrors(html));
  report.check('the security headers are set', where, headerProblems(headers, { hsts: false }));
  const refs = await foreignReferences(page, base);
  report.check('no request and no reference goes to another host', where, [...foreignRequests(seen.requests, base), ...refs]);
  const stored = await storedState(page, context);
  if (session) {
    const problems = stored.problems.filter((p) => !p.startsWith('cookie '));
    report.check('logged in: only the session cookie (__Host-, Secure, HttpOnly, SameSite=Lax), no storage', where,
      [...sessionCookieProblems(await context.cookies()), ...problems]);
  } else {
    report.check('no cookie, local or session storage is set', where, stored.problems);
  }
  // Chromium logs every non-2xx document as a console error; the expected status is no error.
  const errors = seen.errors.filter((e) => !e.includes(`Failed to load resource: the server responded with a status of ${expectStatus} `));
  report.check('no script error and no Content-Security-Policy violation', where, [...errors, ...stored.csp]);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  report.check('the page does not scroll sideways', where, overflow > 0 ? [`${overflow} px wider than the viewport`] : []);
  await report.guard('no table breaks a word, and a table wider than its column scrolls in a named region that takes the focus', where,
    () => tableProblems(page));
  await report.guard('no heading, card title, fact or status badge breaks a word', where, () => brokenWordProblems(page));
}

async function checkSample(browser, base, sample, width) {
  const where = `${sample.path} (${sample.label}) @${width}`;
  await withPage(browser, width, base, async (page, context, seen) => {
    const res = await page.goto(sample.path, { waitUntil: 'load' });
    const html = await res.text();
    const expectStatus = sample.label.includes('404') ? 404 : 200;
    await checkRendered(page, context, seen, where, { base, html, headers: await res.allHeaders(), status: res.status(), expectStatus });
    const links = await page.evaluate(() => [...document.querySelectorAll('footer a')].map((a) => new URL(a.href).pathname));
    const needed = ['/barrierefreiheit', '/leichte-sprache', '/gebaerdensprache', '/impressum', '/datenschutz'];
    const lang = sample.path.startsWith('/en/') ? '/en' : '';
    report.check('the footer links to the accessibility statement, Leichte Sprache, DGS, Impressum and privacy', where,
      needed.filter((p) => !links.includes(lang + p)).map((p) => `no footer link to ${lang + p}`));
    await page.screenshot({ path: join(SHOTS, shotName(sample.label, width)), fullPage: true });
    sample.title = await page.title();
    sample.forms = await postForms(page);
  });
}

async function checkKeyboard(browser, base, sample) {
  const where = `${sample.path} (${sample.label}) keyboard`;
  await withPage(browser, 1280, base, async (page) => {
    await page.goto(sample.path);
    await report.guard('Tab from the top reaches every link and control in order, with visible, unhidden focus and no trap', where, () => tabThrough(page));
    await page.goto(sample.path);
    await report.guard('the skip link is the first stop and moves focus into the main content', where, () => skipLink(page));
  });
}

async function checkForms(browser, base, sample) {
  for (const width of WIDTHS) {
    for (const mode of ['empty', 'invalid']) {
      for (const index of sample.forms ?? []) {
        const where = `${sample.path} (${sample.label}) form ${index + 1} submitted ${mode} @${width}`;
        await withPage(browser, width, base, async (page, context, seen) => {
          await page.goto(sample.path);
          const { filled: kept, response } = await fillAndSubmit(page, index, mode);
          await page.waitForLoadState('load');
          const html = await response.text();
          const [status, headers] = [response.status(), await response.allHeaders()];
          await report.guard('a refused form shows a focused error summary, marked fields with messages, the input kept and a "Fehler:" title', where,
            () => errorStateProblems(page, kept));
          await checkRendered(page, context, seen, where, { base, html, headers, status, expectStatus: 422 });
          await page.screenshot({ path: join(SHOTS, shotName(sample.label, width, `form${index + 1}-${mode}`)), fullPage: true });
        });
      }
    }
  }
}

const PASSWORD = 'Ebbelwoi und Handkäs 2030';
// Pages a logged-in participant sees (the account area and public pages with the account header).
const PARTICIPANT_PAGES = ['/konto', '/en/konto', '/konto/zwei-faktor', '/', '/suche?q=Breitband'];

/** Logs in in a fresh context and returns its storage state (the session cookie). */
async function session(browser, base, email, check) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'de-DE', baseURL: base });
  const page = await context.newPage();
  try {
    const landed = await logIn(page, email, PASSWORD);
    if (check) await check(page, landed);
    return await context.storageState();
  } finally {
    await context.close();
  }
}

async function checkPage(browser, base, path, width, state, label) {
  const where = `${path} (${label}) @${width}`;
  let forms = [];
  await withPage(browser, width, base, async (page, context, seen) => {
    const res = await page.goto(path, { waitUntil: 'load' });
    await checkRendered(page, context, seen, where, { base, html: await res.text(), headers: await res.allHeaders(), status: res.status(), expectStatus: 200, session: true });
    await page.screenshot({ path: join(SHOTS, shotName(`${label} ${path}`, width)), fullPage: true });
    forms = await fieldForms(page);
  }, state);
  return forms;
}

async function checkSessionForms(browser, base, path, width, state, label, forms) {
  for (const index of forms) {
    const where = `${path} (${label}) form ${index + 1} submitted empty @${width}`;
    await withPage(browser, width, base, async (page, context, seen) => {
      await page.goto(path);
      const { filled: kept, response } = await fillAndSubmit(page, index, 'empty');
      await page.waitForLoadState('load');
      const html = await response.text();
      await report.guard('a refused form shows a focused error summary, marked fields with messages, the input kept and a "Fehler:" title', where,
        () => errorStateProblems(page, kept));
      await checkRendered(page, context, seen, where, { base, html, headers: await response.allHeaders(), status: response.status(), expectStatus: 422, session: true });
      await page.screenshot({ path: join(SHOTS, shotName(`${label} ${path}`, width, `form${index + 1}-empty`)), fullPage: true });
    }, state);
  }
}

/** A session check that sets up the authenticator app the first login of staff asks for. */
function secondFactorSetUp(label, screenshot) {
  return async (page, landed) => {
    const where = `/konto/zwei-faktor (${label} set-up)`;
    report.check('staff are sent to set up the second factor first', where, landed === '/konto/zwei-faktor' ? [] : [`landed on ${landed}`]);
    const secret = (await page.textContent('code.secret')) ?? '';
    await page.fill('#code', totp(secret));
    const [response] = await Promise.all([page.waitForNavigation(), page.locator('main form button[type="submit"]').click()]);
    const codes = await page.locator('ul.codes li').count();
    report.check('a confirmed authenticator app shows ten recovery codes', where, response.status() === 200 && codes === 10 ? [] : [`status ${response.status()}, ${codes} codes`]);
    if (screenshot) await page.screenshot({ path: join(SHOTS, shotName(`${label} recovery codes`, 1280)), fullPage: true });
  };
}

/**
 * The editorial workflow (issue 16): an editor of the lead department sees the changes, the
 * editing form (submitted empty for its error state) and the form of an indicator of their
 * department; the admin the forms of an edition, a department (submitted empty), a process, a
 * phase, an area with its facts and the two forms for new goals and measures. The editor saves
 * a draft and gives it to review; the
 * admin, a second person, sees the change with its publish and send-back forms and publishes it;
 * then the version list and the diff of the two versions.
 */
async function checkEditorial(browser, base, server, admin) {
  createUser(server.dataDir, { email: 'ressort@example.org', name: 'Ressort Kultus', role: 'editor', password: PASSWORD, departments: ['hkm', 'hmkb'] });
  const editor = await session(browser, base, 'ressort@example.org', secondFactorSetUp('editor', false));
  const edit = '/redaktion/inhalte/massnahme/schulportal-hessen/bearbeiten';
  const versions = '/redaktion/inhalte/massnahme/schulportal-hessen/versionen';
  const indicator = '/redaktion/inhalte/indikator/schulportal-grundschulen/bearbeiten';
  for (const path of ['/redaktion', '/redaktion/aenderungen', edit, indicator]) {
    for (const width of WIDTHS) {
      const forms = await checkPage(browser, base, path, width, editor, 'editor');
      if (path === edit) await checkSessionForms(browser, base, path, width, editor, 'editor', forms);
    }
  }
  // The kinds only admins edit, the facts of an area as rows, and the forms for a new goal and
  // measure; the department's form is also submitted empty for its error state.
  const department = '/redaktion/inhalte/ressort/hmkb/bearbeiten';
  for (const path of [
    '/redaktion/inhalte/ausgabe/2021/bearbeiten',
    department,
    '/redaktion/inhalte/prozess/umsetzung-begleiten/bearbeiten',
    '/redaktion/inhalte/phase/umsetzung-begleiten/1/bearbeiten',
    '/redaktion/inhalte/bereich/2021/digitale-infrastruktur/bearbeiten',
    '/redaktion/inhalte/ziel/neu',
    '/redaktion/inhalte/massnahme/neu',
  ]) {
    for (const width of WIDTHS) {
      const forms = await checkPage(browser, base, path, width, admin, 'admin');
      if (path === department) await checkSessionForms(browser, base, path, width, admin, 'admin', forms);
    }
  }
  let change = '';
  await withPage(browser, 1280, base, async (page) => {
    await page.goto(edit);
    const body = await page.inputValue('#body');
    await page.fill('#body', `${body}\n\nDie Schulen berichten über ihre Erfahrungen [hier](/mitmachen).`);
    await Promise.all([page.waitForNavigation(), page.locator('main form button[type="submit"]').click()]);
    change = new URL(page.url()).pathname;
    report.check('saving the editing form leads to the draft', `${edit} (editor)`, /^\/redaktion\/aenderungen\/\d+$/.test(change) ? [] : [`landed on ${change}`]);
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Zur Prüfung geben' }).click()]);
  }, editor);
  if (!change) return;
  for (const width of WIDTHS) await checkPage(browser, base, change, width, editor, 'editor');
  for (const width of WIDTHS) await checkPage(browser, base, change, width, admin, 'admin');
  // The whole public page with the change in it, while the change waits for review.
  for (const width of WIDTHS) await checkPage(browser, base, `${change}/vorschau`, width, admin, 'admin');
  await withPage(browser, 1280, base, async (page) => {
    await page.goto(change);
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Prüfen und veröffentlichen' }).click()]);
    const published = await page.locator('dl.facts').textContent();
    report.check('a second person publishes the change', `${change} (admin)`, published?.includes('Veröffentlicht') ? [] : [`state: ${published}`]);
  }, admin);
  for (const path of [versions, `${versions}/1/2`]) {
    for (const width of WIDTHS) await checkPage(browser, base, path, width, editor, 'editor');
  }
  // The accessibility feedback inbox for admins.
  for (const path of ['/redaktion/rueckmeldungen', '/redaktion/protokoll', '/redaktion/protokoll?art=measure']) {
    for (const width of WIDTHS) await checkPage(browser, base, path, width, admin, 'admin');
  }
}

/** The pages behind the login, as a participant and as an admin with the second factor. */
async function checkLoggedIn(browser, server) {
  const base = server.base;
  createUser(server.dataDir, { email: 'pia@example.org', name: 'Pia Beispiel', role: 'participant', password: PASSWORD });
  createUser(server.dataDir, { email: 'redaktion@example.org', name: 'Redaktion Beispiel', role: 'admin', password: PASSWORD });
  const pia = await session(browser, base, 'pia@example.org', async (_page, landed) => {
    report.check('a participant lands on the account page after logging in', 'login (participant)', landed === '/konto' ? [] : [`landed on ${landed}`]);
  });
  for (const path of PARTICIPANT_PAGES) {
    for (const width of WIDTHS) {
      const forms = await checkPage(browser, base, path, width, pia, 'participant');
      if (path === '/konto') await checkSessionForms(browser, base, path, width, pia, 'participant', forms);
    }
  }
  await withPage(browser, 1280, base, async (page) => {
    await page.goto('/konto');
    await report.guard('Tab from the top reaches every link and control in order, with visible, unhidden focus and no trap', '/konto (participant) keyboard', () => tabThrough(page));
  }, pia);
  await checkParticipation(browser, base, pia, server);
  // WCAG 2.2.1: four minutes before the idle timeout (the clock moved on by the test) the page
  // warns, the extend button has the focus, and one press keeps the person where they were.
  await withPage(browser, 1280, base, async (page) => {
    const where = '/strategie/2021 (participant, session about to end)';
    await page.addInitScript(() => {
      const real = Date.now;
      Date.now = () => real() + (2 * 60 - 4) * 60 * 1000;
    });
    await page.goto('/strategie/2021');
    const problems = [];
    try {
      await page.waitForSelector('#session-warning:not([hidden])', { timeout: 5000 });
    } catch {
      problems.push('no warning shown');
    }
    const focused = await page.evaluate(() => document.activeElement?.closest('#session-warning') !== null);
    if (!focused) problems.push('the extend button does not have the focus');
    report.check('the session warning appears before the timeout with the extend button focused', where, problems);
    await report.guard('axe-core finds no WCAG 2.2 A/AA or best-practice violation', `${where} warning shown`, () => axeViolations(page));
    await page.screenshot({ path: join(SHOTS, shotName('participant session warning', 1280)), fullPage: false });
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    const back = new URL(page.url()).pathname;
    report.check('extending the session returns to the same page', where, back === '/strategie/2021' ? [] : [`landed on ${back}`]);
  }, pia);

  // The admin sets up the authenticator app, sees the recovery codes once, then the staff page.
  const admin = await session(browser, base, 'redaktion@example.org', secondFactorSetUp('admin', true));
  for (const path of ['/redaktion', '/konto']) {
    for (const width of WIDTHS) await checkPage(browser, base, path, width, admin, 'admin');
  }
  // The departments' reporting forms (issue 15): an admin may report for every indicator and
  // measure; each form submitted empty must show the error state.
  for (const path of ['/umsetzung/indikatoren/schulen-gigabit/wert-melden', '/massnahmen/schulportal-hessen/status-melden']) {
    for (const width of WIDTHS) {
      const forms = await checkPage(browser, base, path, width, admin, 'admin');
      await checkSessionForms(browser, base, path, width, admin, 'admin', forms);
    }
  }
  await checkEditorial(browser, base, server, admin);
  if (server.moderatorHide) {
    // The admin answers the participant's proposal (issue 17): the answer form, refused empty.
    const answer = server.moderatorHide.replace(/ausblenden$/, 'rueckmeldung');
    for (const width of WIDTHS) {
      const forms = await checkPage(browser, base, answer, width, admin, 'admin');
      await checkSessionForms(browser, base, answer, width, admin, 'admin', forms);
    }
    // An editor of the process's owner department (hmdse) answers a proposal about an area too.
    createUser(server.dataDir, { email: 'beteiligung@example.org', name: 'Ressort Digitales', role: 'editor', password: PASSWORD, departments: ['hmdse'] });
    const owner = await session(browser, base, 'beteiligung@example.org', secondFactorSetUp('owner editor', false));
    for (const width of WIDTHS) {
      const forms = await checkPage(browser, base, answer, width, owner, 'editor');
      await checkSessionForms(browser, base, answer, width, owner, 'editor', forms);
    }
    // The admin is also a moderator: the hide page, and the report form anyone else may use.
    for (const path of [server.moderatorHide, server.moderatorHide.replace(/ausblenden$/, 'melden')]) {
      for (const width of WIDTHS) {
        const forms = await checkPage(browser, base, path, width, admin, 'moderator');
        await checkSessionForms(browser, base, path, width, admin, 'moderator', forms);
      }
    }
    await checkModeration(browser, base, server, admin, pia);
  }
  // A later login asks for the code; its form refuses an empty code like every form.
  const pending = await session(browser, base, 'redaktion@example.org', async (_page, landed) => {
    report.check('staff with an authenticator app are asked for the code', 'login (admin)', landed === '/anmelden/zweiter-faktor' ? [] : [`landed on ${landed}`]);
  });
  for (const width of WIDTHS) {
    const forms = await checkPage(browser, base, '/anmelden/zweiter-faktor', width, pending, 'admin');
    await checkSessionForms(browser, base, '/anmelden/zweiter-faktor', width, pending, 'admin', forms);
  }
}

/**
 * Participation as a logged-in person: give the Art. 9 consent, write a proposal through the
 * form, then gate the process page, the thread and the edit page (each form submitted empty must
 * show the error state) and walk the process page by keyboard. A moderator's hide page follows.
 */
async function checkParticipation(browser, base, pia, server) {
  const process = '/mitmachen/umsetzung-begleiten';
  let thread = '';
  await withPage(browser, 1280, base, async (page) => {
    await page.goto('/konto');
    await Promise.all([page.waitForNavigation(), page.locator('form[action="/konto/einwilligung"] button').click()]);
    await page.goto(process);
    await page.fill('#title', 'Glasfaser auch für Aussiedlerhöfe');
    await page.selectOption('#target', 'area:2021/digitale-infrastruktur');
    await page.fill('#body', 'Viele Höfe liegen **außerhalb** der Ortslagen und brauchen trotzdem Anschluss.');
    const [response] = await Promise.all([page.waitForNavigation(), page.locator('main form.form button[type="submit"]').click()]);
    thread = new URL(page.url()).pathname;
    const problems = response.status() === 200 && /\/beitraege\/\d+$/.test(thread) ? [] : [`status ${response.status()} at ${thread}`];
    if (!(await page.textContent('main h1'))?.includes('Aussiedlerhöfe')) problems.push('the thread page does not show the proposal');
    report.check('a participant with consent publishes a proposal through the form', `${process} (participant)`, problems);
  }, pia);
  if (!thread) return;
  // A paragraph's comment page (issue 17), reached by the first "Kommentieren" link of an area.
  let annotate = '';
  await withPage(browser, 1280, base, async (page) => {
    await page.goto('/strategie/2021/digitale-infrastruktur');
    const href = await page.locator('main .note-links a').first().getAttribute('href').catch(() => null);
    annotate = href ? new URL(href, base).pathname : '';
    report.check('an area page links each paragraph to its comment form', '/strategie/2021/digitale-infrastruktur (participant)', annotate ? [] : ['no "Kommentieren" link']);
  }, pia);
  // The quote helper (static/quote.js): words selected in the shown paragraph fill the quote field.
  if (annotate) {
    await withPage(browser, 1280, base, async (page) => {
      await page.goto(annotate);
      const selected = await page.evaluate(() => {
        const box = document.querySelector('#absatz-text');
        if (!box) return '';
        const walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
        let node = walker.nextNode();
        while (node && !/\S{3,}/.test(node.textContent)) node = walker.nextNode();
        if (!node) return '';
        const word = /\S{3,}/.exec(node.textContent);
        const words = word[0];
        const range = document.createRange();
        range.setStart(node, word.index);
        range.setEnd(node, word.index + words.length);
        window.getSelection().removeAllRanges();
        window.getSelection().addRange(range);
        return words;
      });
      await page.waitForFunction(() => document.querySelector('#quote')?.value, null, { timeout: 2000 }).catch(() => {});
      const value = await page.inputValue('#quote').catch(() => '');
      const problems = selected && value === selected ? [] : [`quote field holds "${value}" after selecting "${selected}"`];
      if (!(await page.isVisible('#quote-take'))) problems.push('no visible "Markierte Stelle übernehmen" button');
      report.check('selecting words in the paragraph fills the quote field', `${annotate} (participant)`, problems);
    }, pia);
  }
  const annotatePages = annotate ? [annotate, `/en${annotate}`] : [];
  for (const path of [process, `/en${process}`, `${process}/moderation`, thread, `${thread}/bearbeiten`, `${thread}/zurueckziehen`, ...annotatePages]) {
    for (const width of WIDTHS) {
      const forms = await checkPage(browser, base, path, width, pia, 'participant');
      await checkSessionForms(browser, base, path, width, pia, 'participant', forms);
    }
  }
  await withPage(browser, 1280, base, async (page) => {
    await page.goto(process);
    await report.guard('Tab from the top reaches every link and control in order, with visible, unhidden focus and no trap', `${process} (participant) keyboard`, () => tabThrough(page));
  }, pia);
  grantRole(server.dataDir, 'redaktion@example.org', 'moderator');
  server.moderatorHide = `${thread}/ausblenden`;
  server.thread = thread;
}

/**
 * Moderation, finished (issue 17), as the admin who is also a moderator and as the participant
 * who wrote `server.thread`: the admin reports it, gates the warn and block forms reached from
 * the queue, hides it; the participant gates the objection form and objects; the admin gates
 * the page that answers the objection.
 */
async function checkModeration(browser, base, server, admin, pia) {
  const thread = server.thread;
  await withPage(browser, 1280, base, async (page) => {
    await page.goto(`${thread}/melden`);
    await page.fill('#reason', 'Prüfung der Moderationsseiten');
    await Promise.all([page.waitForNavigation(), page.locator('main form.form button[type="submit"]').click()]);
  }, admin);
  let accountForms = [];
  await withPage(browser, 1280, base, async (page) => {
    await page.goto('/redaktion');
    accountForms = await page.$$eval('main a[href*="/redaktion/konten/"]', (as) => as.map((a) => a.getAttribute('href')).filter((h) => /\/(verwarnen|sperren)\?beitrag=/.test(h)));
  }, admin);
  report.check('the moderators\' queue links to the warn and block forms of the author', '/redaktion (moderator)', accountForms.length >= 2 ? [] : ['no warn or block link']);
  for (const path of accountForms.slice(0, 2)) {
    for (const width of WIDTHS) {
      const forms = await checkPage(browser, base, path, width, admin, 'moderator');
      await checkSessionForms(browser, base, path, width, admin, 'moderator', forms);
    }
  }
  await withPage(browser, 1280, base, async (page) => {
    await page.goto(`${thread}/ausblenden`);
    await page.fill('#reason', 'Zur Prüfung des Widerspruchs ausgeblendet.');
    await Promise.all([page.waitForNavigation(), page.locator('main form.form button[type="submit"]').click()]);
  }, admin);
  const object = `${thread}/widersprechen`;
  for (const width of WIDTHS) {
    const forms = await checkPage(browser, base, object, width, pia, 'participant');
    await checkSessionForms(browser, base, object, width, pia, 'participant', forms);
  }
  await withPage(browser, 1280, base, async (page) => {
    await page.goto(object);
    await page.fill('#reason', 'Der Beitrag ist sachlich.');
    await Promise.all([page.waitForNavigation(), page.locator('main form.form button[type="submit"]').click()]);
  }, pia);
  let answer = '';
  await withPage(browser, 1280, base, async (page) => {
    await page.goto('/redaktion');
    answer = (await page.$$eval('main a[href^="/redaktion/widersprueche/"]', (as) => as.map((a) => a.getAttribute('href'))))[0] ?? '';
  }, admin);
  report.check('an objection reaches the moderators\' queue', '/redaktion (moderator)', answer ? [] : ['no objection listed']);
  if (answer) {
    for (const width of WIDTHS) {
      const forms = await checkPage(browser, base, answer, width, admin, 'moderator');
      await checkSessionForms(browser, base, answer, width, admin, 'moderator', forms);
    }
  }
}

// A phone: 390 × 844 CSS px (the common size today); 320 px is the narrowest width the gates check.
const PHONE = { width: 390, height: 844 };
// Pages looked at on a phone (labels of `routes --samples`, matched by prefix), shot at 390 px.
const PHONE_SAMPLES = ['start', 'area', 'measure', 'search with results'];

/**
 * Phones: with JavaScript off, the header is compact and its menu button opens the navigation by
 * keyboard; the start page shows all eight areas within the first screen; screenshots at 390 px.
 */
async function checkPhone(browser, base, samples) {
  const open = async (width, height, fn) => {
    const context = await browser.newContext({ viewport: { width, height }, locale: 'de-DE', baseURL: base, javaScriptEnabled: false });
    try {
      return await fn(await context.newPage());
    } finally {
      await context.close();
    }
  };
  for (const path of ['/', '/en/', '/strategie/2021/digitale-infrastruktur']) {
    for (const width of [320, PHONE.width]) {
      await open(width, PHONE.height, async (page) => {
        await page.goto(path);
        await report.guard('on a phone the header is compact and its menu opens by keyboard without JavaScript, with visible focus', `${path} @${width} (no JavaScript)`,
          () => menuProblems(page, () => page.screenshot({ path: join(SHOTS, shotName(`phone menu ${path}`, width, 'open')), fullPage: false })));
      });
    }
  }
  for (const path of ['/', '/en/']) {
    await open(PHONE.width, PHONE.height, async (page) => {
      await page.goto(path);
      await report.guard('the start page shows every area within the first screen of a phone', `${path} @${PHONE.width}×${PHONE.height}`, () => areasProblems(page));
    });
  }
  for (const sample of samples.filter((s) => PHONE_SAMPLES.some((k) => s.label.startsWith(k)))) {
    await open(PHONE.width, PHONE.height, async (page) => {
      await page.goto(sample.path);
      await page.screenshot({ path: join(SHOTS, shotName(sample.label, PHONE.width)), fullPage: true });
    });
  }
}

async function checkHsts(browser) {
  const server = await startServer({ env: { FAHRPLAN_HSTS: 'true' } });
  try {
    const res = await fetch(`${server.base}/`);
    const headers = Object.fromEntries(res.headers);
    report.check('with HSTS configured every page sends Strict-Transport-Security', `${server.base}/ (FAHRPLAN_HSTS=true)`, headerProblems(headers, { hsts: true }));
  } finally {
    await server.stop();
  }
}

async function main() {
  rmSync(SHOTS, { recursive: true, force: true });
  mkdirSync(SHOTS, { recursive: true });
  const server = await startServer({ documents: join(import.meta.dirname, 'fixtures', 'documents.jsonl') });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
  const started = Date.now();
  let samples = [];
  try {
    await selfTest(browser, report);
    samples = sampleRoutes(server.dataDir);
    console.log(`e2e: ${samples.length} sample routes on ${server.base}, widths ${WIDTHS.join(' and ')} px`);
    for (const sample of samples) {
      for (const width of WIDTHS) await checkSample(browser, server.base, sample, width);
    }
    // Titles are unique within one interface language (a German and an English page may share one).
    const byTitle = new Map();
    for (const s of samples) {
      const key = `${s.path.startsWith('/en/') ? 'en' : 'de'}: ${s.title}`;
      byTitle.set(key, [...(byTitle.get(key) ?? []), s.path]);
    }
    report.check('every sample page has its own title', 'all samples',
      [...byTitle].filter(([, paths]) => paths.length > 1).map(([t, paths]) => `"${t}" on ${paths.join(', ')}`));
    for (const sample of samples.filter((s) => KEYBOARD_SAMPLES.some((k) => s.label.startsWith(k)))) {
      await checkKeyboard(browser, server.base, sample);
    }
    await checkPhone(browser, server.base, samples);
    for (const sample of samples) await checkForms(browser, server.base, sample);
    await checkLoggedIn(browser, server);
    await checkHsts(browser);
  } finally {
    await browser.close();
    await server.stop();
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  const summary = `e2e: ${report.passed} passed, ${report.failed} failed (${samples.length} URLs × ${WIDTHS.length} widths, ${seconds} s; screenshots in ${SHOTS})`;
  const table = report.table();
  writeFileSync(join(SHOTS, 'summary.txt'), `${table}\n${summary}\n`);
  console.log(`${table}\n${summary}`);
  process.exitCode = report.failed === 0 ? 0 : 1;
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 2;
});
