import { call, explain, post } from './api.js';
import { date, label, t } from './i18n.js';
import { el, fill, ready, redirectFor, session } from './shell.js';

await session();
const body = document.querySelector('#users tbody');
const listError = document.getElementById('list-error');
const more = document.getElementById('more');
const first = document.getElementById('first');
let next = null;

// The organisations a new user may join: the active ones, every page of them (administrators manage few).
async function organisations() {
  const select = document.getElementById('new-org');
  const keep = select.value;
  const active = [];
  let cursor = null;
  try {
    do {
      const { body: page, response } = await call('GET', '/api/v1/admin/organisations?limit=200'
        + (cursor ? '&cursor=' + encodeURIComponent(cursor) : ''));
      for (const o of Array.isArray(page) ? page : []) if (o.active) active.push(o);
      cursor = response.headers.get('Homeward-Next-Cursor');
    } while (cursor);
  } catch (e) {
    if (!redirectFor(e)) listError.textContent = explain(e);
  }
  fill(select, ...active.map((o) => el('option', { value: o.id }, o.displayName === o.id ? o.id : o.displayName + ' (' + o.id + ')')));
  if (active.some((o) => o.id === keep)) select.value = keep;
  document.getElementById('no-org').hidden = active.length > 0;
}

async function load(cursor) {
  listError.textContent = '';
  try {
    const { body: page, response } = await call('GET', '/api/v1/admin/users' + (cursor ? '?cursor=' + encodeURIComponent(cursor) : ''));
    const items = Array.isArray(page) ? page : page.items || [];
    fill(body, ...items.map((u) => el('tr', {},
      el('td', {}, u.username),
      el('td', {}, label('role', u.role)),
      el('td', {}, u.organisation || ''),
      el('td', {}, u.totpEnrolled ? t('yes') : t('no')),
      el('td', {}, u.locked ? t('yes') : t('no')),
      el('td', {}, date(u.createdAt)))));
    next = (page && page.next) || response.headers.get('Homeward-Next-Cursor');
    more.hidden = !next;
    first.hidden = !cursor;
  } catch (e) {
    if (!redirectFor(e)) listError.textContent = explain(e);
  }
}

more.addEventListener('click', () => load(next));
first.addEventListener('click', () => load(null));

document.getElementById('create').addEventListener('submit', async (event) => {
  event.preventDefault();
  const error = document.getElementById('error');
  error.textContent = '';
  // The previous user's temporary password leaves the page before the next one is made.
  document.getElementById('created').hidden = true;
  document.getElementById('temp-password').textContent = '';
  const username = document.getElementById('new-username').value.trim();
  try {
    const created = await post('/api/v1/admin/users', {
      username,
      role: document.getElementById('new-role').value,
      organisation: document.getElementById('new-org').value,
    });
    document.getElementById('created-text').textContent = t('tempPassword', created.username || username);
    document.getElementById('temp-password').textContent = created.temporaryPassword;
    document.getElementById('created').hidden = false;
    document.getElementById('new-username').value = '';
    await load(null);
  } catch (e) {
    if (!redirectFor(e)) error.textContent = explain(e);
  }
});

await organisations();
await load(null);
ready();
