// Cluster sign-in in a real browser (run by accounts/OidcBrowserTest against a @QuarkusTest gateway and its
// TestOpenIdProvider): the gateway at http://127.0.0.1:PORT, the provider at http://localhost:PORT, two sites, so the
// way back from the provider is a cross-site navigation. Signs in with the provider's button, arrives signed in, makes
// a state change that needs the session's CSRF token (the language, stored for the account), proves a request without
// the token is refused while the cookie is still sent, signs out (at the provider too) and is signed out. Screenshots
// and axe (no serious or critical violation) on the gateway's pages. Exits non-zero on the first failure.
//
//   HOMEWARD_URL=http://127.0.0.1:PORT HOMEWARD_IDP=http://localhost:PORT HOMEWARD_ORG=org \
//   HOMEWARD_SCREENSHOTS=target/ui-screenshots-oidc node oidc.mjs
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const BASE = need('HOMEWARD_URL').replace(/\/$/, '');
const IDP = need('HOMEWARD_IDP').replace(/\/$/, '');
const ORG = need('HOMEWARD_ORG');
const SUB = need('HOMEWARD_SUB');
const SHOTS = need('HOMEWARD_SCREENSHOTS');
const CHROMIUM = process.env.HOMEWARD_CHROMIUM || '/usr/bin/chromium';
mkdirSync(SHOTS, { recursive: true });

function need(name) {
  const v = process.env[name];
  if (!v) throw new Error(name + ' is not set');
  return v;
}

function check(condition, what) {
  if (!condition) throw new Error('check failed: ' + what);
  console.log('ok  ' + what);
}

const axeReport = [];
let shot = 0;

/** Screenshot, and the axe check of a gateway page as it is now. */
async function look(page, name, axe = true) {
  shot += 1;
  await page.screenshot({ path: join(SHOTS, String(shot).padStart(2, '0') + '-' + name + '.png'), fullPage: true });
  if (!axe) return;
  await page.evaluate(AXE);
  const result = await page.evaluate(async () => {
    const r = await globalThis.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length, help: v.help }));
  });
  axeReport.push({ page: name, url: page.url(), violations: result });
  const bad = result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  check(bad.length === 0, 'axe: no serious or critical violation on ' + name + (bad.length ? ' ' + JSON.stringify(bad) : ''));
}

async function settled(page) {
  await page.locator('body[data-ready]').waitFor();
}

/** A request from the page itself (its origin, its cookies): the status only. */
async function status(page, method, path, headers) {
  return page.evaluate(async ([m, p, h]) => {
    const r = await fetch(p, { method: m, credentials: 'same-origin', headers: h, body: m === 'GET' ? undefined : JSON.stringify({ locale: 'en' }) });
    return r.status;
  }, [method, path, headers]);
}

const browser = await chromium.launch({
  executablePath: CHROMIUM,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--no-first-run'],
});
let failed = false;
try {
  check(new URL(BASE).hostname !== new URL(IDP).hostname, 'the provider is another site than the gateway: ' + IDP + ' / ' + BASE);
  const ctx = await browser.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 860 } });
  const page = await ctx.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const hops = [];
  page.on('response', (r) => { if (r.request().isNavigationRequest()) hops.push(r.status() + ' ' + r.url().split('?')[0]); });

  await page.goto(BASE + '/signin');
  await settled(page);
  const button = page.locator('#oidc-signin');
  check((await button.textContent()).startsWith('Sign in with '), 'the sign-in page offers the provider: ' + await button.textContent());
  await look(page, 'oidc-signin-en');

  // The provider's own sign-in page (another site), then back: the callback's page moves on to /home by itself.
  await button.focus();
  await page.keyboard.press('Enter');
  await page.waitForURL(IDP + '/authorize?**');
  await look(page, 'oidc-provider-signin', false);
  await page.click('#idp-sign-in');
  await page.waitForURL(BASE + '/cases');
  await settled(page);
  console.log('    navigations: ' + hops.join(' -> '));
  check(hops.some((h) => h.startsWith('200 ' + BASE + '/api/v1/session/oidc/callback')), 'the provider sent the browser back to the callback, whose page moved on');
  check(hops.some((h) => h.startsWith('200 ' + BASE + '/home')) || hops.some((h) => h.startsWith('200 ' + BASE + '/cases')),
    'the browser arrived at the home page, then the caseworker\'s start page');
  const cookie = (await ctx.cookies(BASE)).find((c) => c.name === 'homeward_session');
  check(cookie && cookie.httpOnly && cookie.sameSite === 'Strict', 'the session cookie is HttpOnly and SameSite=Strict');
  check((await ctx.cookies(IDP)).every((c) => c.name !== 'homeward_session'), 'and the provider never sees it');
  check((await page.locator('#who-org').textContent()) === ORG, 'signed in: the header shows the organisation from the ID token');
  check((await page.locator('#who-role').textContent()).length > 0, 'and the role');
  check((await page.locator('#who-name').textContent()) === SUB, 'and the subject the provider vouched for (no username here)');
  await page.locator('#empty:not(:empty), #cases tbody tr').first().waitFor();
  // The account's language is the gateway's default (Chinese) until the user picks one.
  const first = await page.locator('html').getAttribute('lang');
  await look(page, 'oidc-signed-in-cases-' + first);

  // A state change with the session's CSRF token: the language, stored for the account.
  const other = first === 'en' ? 'zh-CN' : 'en';
  const [put] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/v1/session/locale') && r.request().method() === 'PUT'),
    page.click('button[data-lang="' + other + '"]'),
  ]);
  check(put.status() === 204 || put.status() === 200, 'a state-changing call with the CSRF header succeeds: ' + put.status());
  await page.locator('html[lang="' + other + '"]').waitFor();
  await settled(page);
  await page.locator('#empty:not(:empty), #cases tbody tr').first().waitFor();
  await look(page, 'oidc-signed-in-cases-' + other);
  // The cookie alone reaches the session (a state change without the token is refused as such, not as a stranger).
  check(await status(page, 'PUT', '/api/v1/session/locale', { 'Content-Type': 'application/json' }) === 403,
    'the same call without the CSRF header is refused (403): the cookie is sent, the token is required');
  check(await status(page, 'GET', '/api/v1/session', {}) === 200, 'the session answers');

  // Sign out: here, then at the provider, which sends the browser back to the sign-in page.
  await page.click('#signout');
  await page.waitForURL(BASE + '/signin');
  await settled(page);
  check(await status(page, 'GET', '/api/v1/session', {}) === 401, 'signed out: the session is gone');
  await look(page, 'oidc-signed-out');
  check(errors.length === 0, 'no uncaught script error' + (errors.length ? ': ' + errors.join(' | ') : ''));
} catch (e) {
  failed = true;
  console.error('FAILED: ' + (e && e.stack ? e.stack : e));
  for (const ctx of browser.contexts()) {
    for (const p of ctx.pages()) {
      try { await p.screenshot({ path: join(SHOTS, 'failure-' + (++shot) + '.png'), fullPage: true }); } catch { /* closed */ }
    }
  }
} finally {
  writeFileSync(join(SHOTS, 'axe-report.json'), JSON.stringify(axeReport, null, 2));
  await browser.close();
}
process.exit(failed ? 1 : 0);
