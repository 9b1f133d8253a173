import { call, explain } from './api.js';
import { date, dateTime, number } from './i18n.js';
import { tx } from './ovs.js';
import { el, fill, ready, redirectFor, session } from './shell.js';

await session();
const body = document.querySelector('#erasures tbody');
const error = document.getElementById('error');
const more = document.getElementById('more');
const first = document.getElementById('first');
let next = null;

function row(e) {
  const withdrawal = e.reason === 'WITHDRAWAL';
  const key = withdrawal ? (e.keyDestructionPending ? tx('pending') : tx('done')) : tx('kept');
  const images = withdrawal ? number(e.imagesLeft) : tx('kept');
  return el('tr', { dataset: { case: e.caseId, stage: e.stage } },
    el('td', {}, e.caseId),
    el('td', {}, tx('reason_' + e.reason)),
    el('td', {}, dateTime(e.withdrawnAt || e.closedAt)),
    el('td', {}, el('span', { class: e.stage === 'ERASING' ? 'badge status-pending' : 'badge status-closed' }, tx('stage_' + e.stage))),
    el('td', {}, images),
    el('td', {}, e.indexRemovalPending ? tx('pending') : tx('done')),
    el('td', {}, key),
    el('td', {}, date(e.purgeAfter)));
}

async function load(cursor) {
  error.textContent = '';
  try {
    const { body: items, response } = await call('GET', '/api/v1/oversight/erasures?limit=50' + (cursor ? '&cursor=' + encodeURIComponent(cursor) : ''));
    const list = Array.isArray(items) ? items : [];
    fill(body, ...(list.length ? list.map(row) : [el('tr', {}, el('td', { colspan: '8' }, tx('noErasures')))]));
    next = response.headers.get('Homeward-Next-Cursor');
    more.hidden = !next;
    first.hidden = !cursor;
  } catch (e) {
    if (!redirectFor(e)) error.textContent = explain(e);
  }
}

more.addEventListener('click', () => load(next));
first.addEventListener('click', () => load(null));
await load(null);
ready();
