// What an anonymous reader's browser is asked to load, store or send.

/** Watches a page's requests and CSP reports; call before the first navigation. */
export async function watch(page, context) {
  const requests = [];
  const errors = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('pageerror', (e) => errors.push(`script error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console error: ${m.text()}`);
  });
  await context.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || '(inline)'}`);
    });
  });
  return { requests, errors };
}

/** Requests to any origin but the app's own (data: and blob: URLs never leave the browser). */
export function foreignRequests(requests, base) {
  const own = new URL(base).origin;
  return requests.filter((u) => !/^(data|blob|about):/.test(u) && new URL(u).origin !== own).map((u) => `request to ${u}`);
}

/** Resource references in the document that point away from the app (even if CSP blocked them). */
export async function foreignReferences(page, base) {
  const own = new URL(base).origin;
  const refs = await page.evaluate(() => {
    const out = [];
    const take = (sel, attr) => document.querySelectorAll(sel).forEach((el) => {
      const v = el.getAttribute(attr);
      if (v) out.push(`${el.tagName.toLowerCase()} ${attr}=${new URL(v, document.baseURI).href}`);
    });
    take('link[rel~="stylesheet"], link[rel~="icon"], link[rel~="preload"], link[rel~="prefetch"], link[rel~="preconnect"], link[rel~="dns-prefetch"], link[rel~="manifest"]', 'href');
    take('script[src], img[src], iframe[src], embed[src], source[src], video[src], audio[src], track[src], input[type="image"]', 'src');
    take('object[data]', 'data');
    take('img[srcset], source[srcset]', 'srcset');
    take('video[poster]', 'poster');
    take('form[action]', 'action');
    return out;
  });
  return refs.filter((r) => {
    const url = r.slice(r.indexOf('=') + 1).split(/[\s,]/)[0];
    return !/^(data|blob):/.test(url) && new URL(url).origin !== own;
  });
}

/** Cookies, local storage and session storage the page left behind. */
export async function storedState(page, context) {
  const problems = (await context.cookies()).map((c) => `cookie ${c.name} set for ${c.domain}`);
  const storage = await page.evaluate(() => ({
    local: Object.keys(localStorage),
    session: Object.keys(sessionStorage),
    csp: window.__cspViolations ?? [],
  }));
  problems.push(...storage.local.map((k) => `localStorage key ${k}`));
  problems.push(...storage.session.map((k) => `sessionStorage key ${k}`));
  return { problems, csp: storage.csp };
}
