// Logged-in browsing for the gates: log in through the form, answer the second factor with a
// TOTP code computed here (RFC 6238, SHA-1, 30 s, 6 digits), and check the session cookie.
import { createHmac } from 'node:crypto';

/** The TOTP code of a base32 secret for now (or `at`, in Unix seconds). */
export function totp(secret, at = Date.now() / 1000) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of secret.replace(/[\s=]/g, '').toUpperCase()) bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  const key = Buffer.from(bits.match(/.{8}/g).map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(at / 30)));
  const mac = createHmac('sha1', key).update(counter).digest();
  const offset = mac[mac.length - 1] & 0xf;
  const value = (mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return String(value).padStart(6, '0');
}

/** Logs in through the form on /anmelden; resolves to the page the login led to. */
export async function logIn(page, email, password) {
  await page.goto('/anmelden');
  await page.fill('#email', email);
  await page.fill('#password', password);
  await Promise.all([page.waitForNavigation(), page.locator('main form button[type="submit"]').click()]);
  return new URL(page.url()).pathname;
}

/** Problems with the cookies of a logged-in browser: exactly the one session cookie, locked down. */
export function sessionCookieProblems(cookies) {
  const problems = [];
  if (cookies.length !== 1) problems.push(`${cookies.length} cookies: ${cookies.map((c) => c.name).join(', ')}`);
  for (const c of cookies) {
    if (c.name !== '__Host-fahrplan') problems.push(`cookie ${c.name}`);
    if (!c.httpOnly) problems.push(`${c.name} is readable by scripts`);
    if (!c.secure) problems.push(`${c.name} is not Secure`);
    if (c.sameSite !== 'Lax') problems.push(`${c.name} is SameSite=${c.sameSite}`);
    if (c.path !== '/') problems.push(`${c.name} has path ${c.path}`);
  }
  return problems;
}

/** The POST forms of the main content that have fields a person fills in (not bare buttons). */
export async function fieldForms(page) {
  return page.evaluate(() =>
    [...document.forms]
      .map((f, i) => ({ f, i }))
      .filter(({ f }) => f.method.toLowerCase() === 'post' && f.closest('main')
        && [...f.elements].some((el) => el.name && !['hidden', 'submit', 'button'].includes(el.type)))
      .map(({ i }) => i),
  );
}
