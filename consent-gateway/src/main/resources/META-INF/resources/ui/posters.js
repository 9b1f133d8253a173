// The privacy officers' list of the organisation's alert posters (PRIVACY.md rule 15): active, expired, withdrawn.
import { call, explain } from './api.js';
import { dateTime } from './i18n.js';
import { px } from './prv.js';
import { el, fill, ready, redirectFor, session } from './shell.js';

await session();
const body = document.querySelector('#posters tbody');
const error = document.getElementById('error');

function row(p) {
  const withdrawn = p.withdrawnAt ? dateTime(p.withdrawnAt) + ' (' + px('why_' + p.withdrawnWhy) + ')' : '';
  return el('tr', { dataset: { poster: p.id, state: p.state } },
    el('td', {}, p.caseId),
    el('td', {}, el('span', { class: p.state === 'ACTIVE' ? 'badge allowed' : 'badge status-closed' }, px('state_' + p.state))),
    el('td', {}, p.policeUnit),
    el('td', {}, p.createdBy),
    el('td', {}, dateTime(p.createdAt)),
    el('td', {}, dateTime(p.expiresAt)),
    el('td', {}, withdrawn));
}

async function load() {
  error.textContent = '';
  const state = document.getElementById('state').value;
  try {
    const { body: items } = await call('GET', '/api/v1/oversight/posters?limit=100' + (state ? '&state=' + state : ''));
    const list = Array.isArray(items) ? items : [];
    fill(body, ...(list.length ? list.map(row) : [el('tr', {}, el('td', { colspan: '7' }, px('noPosters')))]));
  } catch (e) {
    if (!redirectFor(e)) error.textContent = explain(e);
  }
}

document.getElementById('filter').addEventListener('submit', (event) => { event.preventDefault(); load(); });
await load();
ready();
