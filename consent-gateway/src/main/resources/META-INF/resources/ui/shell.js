// What every page shares: the language switch, and for signed-in pages the session, the header and the
// redirects the sign-in API asks for (second factor to enrol, temporary password to change, session over).
import { ApiError, call, get, remember } from './api.js';
import { label } from './i18n.js';

const LOCALE_COOKIE = 'homeward_locale';

/** Stores the language choice as a cookie (a language tag, nothing else) for the pages the server renders. */
export function setLocaleCookie(tag) {
  document.cookie = LOCALE_COOKIE + '=' + encodeURIComponent(tag) + '; Path=/; SameSite=Strict; Max-Age=31536000';
}

let current = null;

for (const button of document.querySelectorAll('[data-lang]')) {
  button.addEventListener('click', async () => {
    const tag = button.dataset.lang;
    setLocaleCookie(tag);
    if (current) {
      try { await call('PUT', '/api/v1/session/locale', { locale: tag }); } catch { /* the cookie still switches */ }
    }
    location.reload();
  });
}

/** Where each role starts. */
export function homeOf(role) {
  switch (role) {
    case 'ADMIN':
    case 'ADMINISTRATOR': return '/admin/users';
    case 'NGO_VOLUNTEER':
    case 'NGO_CASEWORKER':
    case 'POLICE_INVESTIGATOR': return '/cases';
    case 'FACE_EXAMINER': return '/reviews';
    case 'PRIVACY_OFFICER': return '/oversight/audit';
    default: return '/home';
  }
}

const SECOND_FACTOR_ROLES = ['POLICE_INVESTIGATOR', 'FACE_EXAMINER', 'PRIVACY_OFFICER', 'ADMIN', 'ADMINISTRATOR'];

/** What the account must do before anything else: change a temporary password, enrol a second factor; or null. */
export function pendingStep(account) {
  if (account.mustChangePassword) return '/account/password';
  const needs = account.secondFactorRequired ?? SECOND_FACTOR_ROLES.includes(account.role);
  if (needs && !account.totpEnrolled) return '/account/second-factor';
  return null;
}

/** Where a fresh session goes: the step the account still owes, else the role's start page. */
export function afterSignIn(session) {
  remember(session);
  if (session.account.locale) setLocaleCookie(session.account.locale);
  return pendingStep(session.account) || homeOf(session.account.role);
}

/** Follows a refusal that needs another page; answers false when the caller should show it instead. */
export function redirectFor(error) {
  if (!(error instanceof ApiError)) return false;
  if (error.status === 401) { location.assign('/signin'); return true; }
  if (error.slug === 'second-factor-enrolment-required') { location.assign('/account/second-factor'); return true; }
  if (error.slug === 'password-change-required') { location.assign('/account/password'); return true; }
  return false;
}

/** The signed-in session, with the header filled; sends the reader to sign-in when there is none. */
export async function session() {
  let s;
  try {
    s = await get('/api/v1/session');
  } catch (e) {
    if (!redirectFor(e)) location.assign('/signin');
    // The page is leaving: nothing after this runs.
    return new Promise(() => {});
  }
  remember(s);
  current = s;
  const a = s.account;
  const step = pendingStep(a);
  if (step && step !== location.pathname) {
    location.assign(step);
    return new Promise(() => {});
  }
  document.getElementById('who-name').textContent = a.username;
  document.getElementById('who-role').textContent = label('role', a.role);
  document.getElementById('who-org').textContent = a.organisation || '';
  document.getElementById('who').hidden = false;
  const nav = document.getElementById('nav');
  for (const li of nav.querySelectorAll('[data-roles]')) {
    li.hidden = !li.dataset.roles.split(' ').includes(a.role);
  }
  for (const link of nav.querySelectorAll('a')) {
    if (link.getAttribute('href') === location.pathname) link.setAttribute('aria-current', 'page');
  }
  nav.hidden = false;
  const out = document.getElementById('signout');
  out.hidden = false;
  out.addEventListener('click', async () => {
    // A session of the organisation's identity provider may sign out there too (RP-initiated logout).
    let next = '/signin';
    try {
      const r = await call('DELETE', '/api/v1/session');
      if (r.body && r.body.providerLogout) next = r.body.providerLogout;
    } finally { location.assign(next); }
  });
  if (a.locale && a.locale !== document.documentElement.lang && !document.cookie.includes(LOCALE_COOKIE + '=')) {
    setLocaleCookie(a.locale);
  }
  return s;
}

/** Marks the page as ready: its script has set up every control (the browser tests wait for it). */
export function ready() {
  document.body.dataset.ready = 'true';
}

/** Removes a node's children and adds the given ones. */
export function fill(node, ...children) {
  node.replaceChildren(...children);
}

/** A small element builder: el('td', {class: 'x'}, 'text', child). */
export function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'dataset') Object.assign(node.dataset, v);
    else node.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children) if (c !== null && c !== undefined) node.append(c);
  return node;
}

// The not-found page (and any page that only needs the header) fills it when someone is signed in.
if (document.querySelector('script[src="/ui/shell.js"]')) {
  get('/api/v1/session').then((s) => { remember(s); current = s; }).catch(() => {});
}
