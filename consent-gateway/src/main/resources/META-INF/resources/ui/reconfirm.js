// Rule 22 on the cases page: a caseworker's reminder list of the organisation's missing-person cases whose yearly
// re-confirmation by the guardian is due, overdue or has lapsed, each with the button that records it.
import { call, explain } from './api.js';
import { date, t } from './i18n.js';
import { el, fill, redirectFor } from './shell.js';

const texts = new Map();
for (const node of document.querySelectorAll('#prv-texts [data-k]')) texts.set(node.dataset.k, node.textContent);

function tx(key, ...args) {
  let s = texts.has(key) ? texts.get(key) : t(key);
  args.forEach((a, i) => { s = s.replaceAll('$' + (i + 1), String(a)); });
  return s;
}

const section = document.getElementById('reconfirm');
const body = document.querySelector('#reconfirmations tbody');
const status = document.getElementById('reconfirm-status');

async function reconfirm(caseId, button) {
  button.disabled = true;
  try {
    const { body: r } = await call('POST', '/api/v1/reconfirmations/' + encodeURIComponent(caseId));
    await load();
    status.textContent = r.reopened ? tx('reconfirmedReopened', caseId) : tx('reconfirmedUntil', caseId, date(r.dueAt));
  } catch (e) {
    if (redirectFor(e)) return;
    button.disabled = false;
    status.textContent = explain(e);
  }
}

async function load() {
  const { body: items } = await call('GET', '/api/v1/reconfirmations?limit=100');
  fill(body, ...items.map((r) => {
    const button = el('button', { type: 'button', class: 'secondary', 'aria-label': tx('reconfirmButton') + ' · ' + r.caseId },
      tx('reconfirmButton'));
    button.addEventListener('click', () => reconfirm(r.caseId, button));
    return el('tr', { 'data-case': r.caseId },
      el('td', {}, el('a', { href: '/cases/' + encodeURIComponent(r.caseId) }, el('code', {}, r.caseId))),
      el('td', {}, el('span', { class: 'badge standing-' + String(r.standing).toLowerCase() }, tx('standing_' + r.standing))),
      el('td', {}, date(r.confirmedAt)),
      el('td', {}, date(r.dueAt)),
      el('td', {}, button));
  }));
  status.textContent = items.length ? '' : tx('noReconfirmations');
}

/** Shows the reminder list to caseworkers (the only role that records a re-confirmation). */
export async function showReminders(session) {
  if (!session || !session.account || session.account.role !== 'NGO_CASEWORKER') return;
  section.hidden = false;
  try {
    await load();
  } catch (e) {
    if (redirectFor(e)) return;
    status.textContent = explain(e);
  }
}
