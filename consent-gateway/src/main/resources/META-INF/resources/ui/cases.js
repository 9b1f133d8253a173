import { ApiError, call, explain } from './api.js';
import { date, label, t } from './i18n.js';
import { showReminders } from './reconfirm.js';
import { el, fill, ready, redirectFor, session } from './shell.js';

const signedIn = await session();
const body = document.querySelector('#cases tbody');
const empty = document.getElementById('empty');
const more = document.getElementById('more');
const first = document.getElementById('first');
const form = document.getElementById('filters');
const PAGE = 25;
let next = null;

function query(cursor) {
  const q = new URLSearchParams();
  const side = document.getElementById('f-side').value;
  const status = document.getElementById('f-status').value;
  const from = document.getElementById('f-from').value;
  const to = document.getElementById('f-to').value;
  if (side) q.set('side', side);
  if (status) q.set('status', status);
  if (from) q.set('registeredFrom', from);
  if (to) q.set('registeredTo', to);
  q.set('limit', String(PAGE));
  if (cursor) q.set('cursor', cursor);
  return q.toString();
}

async function load(cursor) {
  empty.textContent = t('loading');
  try {
    const { body: page, response } = await call('GET', '/api/v1/cases?' + query(cursor));
    const items = Array.isArray(page) ? page : page.items || [];
    fill(body, ...items.map((c) => el('tr', {},
      el('td', {}, el('a', { href: '/cases/' + encodeURIComponent(c.id) }, el('code', {}, c.id))),
      el('td', {}, label('sideShort', c.side)),
      el('td', {}, el('span', { class: 'badge status-' + String(c.status).toLowerCase() }, label('status', c.status))),
      el('td', {}, date(c.createdAt)),
      el('td', {}, c.verified ? t('yes') : t('no')))));
    empty.textContent = items.length ? '' : t('noCases');
    next = (page && page.next) || response.headers.get('Homeward-Next-Cursor');
    more.hidden = !next;
    first.hidden = !cursor;
  } catch (e) {
    if (redirectFor(e)) return;
    fill(body);
    empty.textContent = e instanceof ApiError && (e.status === 404 || e.status === 405) ? t('listUnavailable') : explain(e);
  }
}

form.addEventListener('submit', (event) => { event.preventDefault(); load(null); });
more.addEventListener('click', () => load(next));
first.addEventListener('click', () => load(null));
await load(null);
await showReminders(signedIn);
ready();
