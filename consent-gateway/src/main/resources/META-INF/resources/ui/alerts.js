import { call, explain, post } from './api.js';
import { dateTime } from './i18n.js';
import { tx } from './ovs.js';
import { el, fill, ready, redirectFor, session } from './shell.js';

await session();
const alertsBody = document.querySelector('#alerts tbody');
const alertsError = document.getElementById('alerts-error');
const alertsStatus = document.getElementById('alerts-status');
const alertsMore = document.getElementById('alerts-more');
const alertsFirst = document.getElementById('alerts-first');
const accountsBody = document.querySelector('#accounts tbody');
const accountsError = document.getElementById('accounts-error');
const accountsStatus = document.getElementById('accounts-status');
const accountsMore = document.getElementById('accounts-more');
let alertsNext = null;
let accountsNext = null;

function alertRow(a) {
  const note = el('input', { id: 'note-' + a.id, maxlength: '500', 'aria-label': tx('noteFor', a.id) });
  const actions = el('td', {});
  if (a.state === 'OPEN') actions.append(button(tx('acknowledge'), 'acknowledgement', a, note));
  if (a.state !== 'RESOLVED') actions.append(' ', button(tx('resolve'), 'resolution', a, note));
  return el('tr', { dataset: { alert: a.id } },
    el('td', {}, dateTime(a.raisedAt)),
    el('td', {}, tx('kind_' + a.kind)),
    el('td', {}, (a.about || '') + (a.aboutFlagged ? ' · ' + tx('flagged') : '')),
    el('td', {}, a.caseId || ''),
    el('td', {}, tx('state_' + a.state)),
    el('td', {}, a.state === 'RESOLVED' ? '' : note),
    actions);
}

function button(text, step, a, note) {
  const b = el('button', { type: 'button', class: 'secondary', dataset: { step } }, text);
  b.addEventListener('click', async () => {
    alertsError.textContent = '';
    try {
      const done = await post('/api/v1/oversight/alerts/' + encodeURIComponent(a.id) + '/' + step,
        { note: note.value.trim() || null });
      alertsStatus.textContent = tx('state_' + done.state) + ': ' + tx('kind_' + done.kind);
      await loadAlerts(null);
    } catch (e) {
      if (!redirectFor(e)) alertsError.textContent = explain(e);
    }
  });
  return b;
}

async function loadAlerts(cursor) {
  alertsError.textContent = '';
  const q = new URLSearchParams({ limit: '25' });
  const state = document.getElementById('f-state').value;
  if (state) q.set('state', state);
  if (cursor) q.set('cursor', cursor);
  try {
    const { body, response } = await call('GET', '/api/v1/oversight/alerts?' + q);
    const items = Array.isArray(body) ? body : [];
    fill(alertsBody, ...(items.length ? items.map(alertRow)
      : [el('tr', {}, el('td', { colspan: '7' }, tx('noAlerts')))]));
    alertsNext = response.headers.get('Homeward-Next-Cursor');
    alertsMore.hidden = !alertsNext;
    alertsFirst.hidden = !cursor;
  } catch (e) {
    if (!redirectFor(e)) alertsError.textContent = explain(e);
  }
}

function accountRow(a) {
  const actions = el('td', {});
  if (a.locked) {
    const b = el('button', { type: 'button', class: 'secondary', dataset: { unlock: a.subject } }, tx('unlock'));
    b.addEventListener('click', async () => {
      accountsError.textContent = '';
      try {
        await post('/api/v1/oversight/accounts/' + encodeURIComponent(a.subject) + '/unlock');
        accountsStatus.textContent = tx('unlocked', a.subject);
        await loadAccounts(null);
      } catch (e) {
        if (!redirectFor(e)) accountsError.textContent = explain(e);
      }
    });
    actions.append(b);
  }
  return el('tr', { dataset: { account: a.subject } },
    el('td', {}, a.subject),
    el('td', {}, a.organisation || ''),
    el('td', {}, a.flagged ? tx('flagged') + (a.flagReason ? ': ' + a.flagReason : '') : ''),
    el('td', {}, String(a.protectedHits)),
    el('td', {}, a.locked ? tx('locked') : ''),
    actions);
}

async function loadAccounts(cursor) {
  accountsError.textContent = '';
  const q = new URLSearchParams({ limit: '50' });
  if (cursor) q.set('cursor', cursor);
  try {
    const { body, response } = await call('GET', '/api/v1/oversight/accounts?' + q);
    // Only the accounts that need a look: flagged (rule 14) or locked (rule 16).
    const items = (Array.isArray(body) ? body : []).filter((a) => a.flagged || a.locked);
    const rows = cursor ? [...accountsBody.querySelectorAll('tr[data-account]')] : [];
    fill(accountsBody, ...rows, ...items.map(accountRow));
    if (!accountsBody.children.length) accountsBody.append(el('tr', {}, el('td', { colspan: '6' }, tx('noAccounts'))));
    accountsNext = response.headers.get('Homeward-Next-Cursor');
    accountsMore.hidden = !accountsNext;
  } catch (e) {
    if (!redirectFor(e)) accountsError.textContent = explain(e);
  }
}

document.getElementById('alert-filter').addEventListener('submit', (event) => { event.preventDefault(); loadAlerts(null); });
alertsMore.addEventListener('click', () => loadAlerts(alertsNext));
alertsFirst.addEventListener('click', () => loadAlerts(null));
accountsMore.addEventListener('click', () => loadAccounts(accountsNext));

await Promise.all([loadAlerts(null), loadAccounts(null)]);
ready();
