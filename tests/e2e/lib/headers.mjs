// The security headers every page must carry.

function directives(csp) {
  const map = new Map();
  for (const part of csp.split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) map.set(name.toLowerCase(), values);
  }
  return map;
}

/** Problems with a response's headers (names lower-case, as Playwright gives them). */
export function headerProblems(headers, { hsts }) {
  const problems = [];
  const csp = headers['content-security-policy'];
  if (!csp) {
    problems.push('no Content-Security-Policy');
  } else {
    const d = directives(csp);
    const want = [['default-src', "'self'"], ['object-src', "'none'"], ['base-uri', "'none'"], ['frame-ancestors', "'none'"]];
    for (const [name, value] of want) {
      const got = d.get(name);
      if (!got || got.length !== 1 || got[0] !== value) problems.push(`CSP ${name} is ${got ? got.join(' ') : 'missing'}, want ${value}`);
    }
    for (const [name, values] of d) {
      for (const v of values) {
        if (v === "'unsafe-inline'" || v === "'unsafe-eval'" || v === '*' || /^https?:/.test(v)) problems.push(`CSP ${name} allows ${v}`);
      }
    }
  }
  if (headers['x-content-type-options'] !== 'nosniff') problems.push(`X-Content-Type-Options is ${headers['x-content-type-options']}`);
  const referrer = headers['referrer-policy'];
  if (!referrer || /unsafe-url|no-referrer-when-downgrade/.test(referrer)) problems.push(`Referrer-Policy is ${referrer}`);
  const sts = headers['strict-transport-security'];
  if (hsts && !/max-age=(\d+)/.test(sts ?? '')) problems.push(`HSTS expected, got ${sts}`);
  if (hsts && Number(/max-age=(\d+)/.exec(sts ?? '')?.[1] ?? 0) < 15552000) problems.push(`HSTS max-age below 180 days: ${sts}`);
  if (!hsts && sts) problems.push(`HSTS sent although not configured: ${sts}`);
  if (headers['set-cookie']) problems.push(`Set-Cookie for an anonymous reader: ${headers['set-cookie']}`);
  if (/\bx-powered-by\b/i.test(Object.keys(headers).join(' '))) problems.push('X-Powered-By reveals the stack');
  return problems;
}
