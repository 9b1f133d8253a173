import { explain, get } from './api.js';
import { dateTime, label } from './i18n.js';
import { chainText, dayStart, recordRow, records, tx } from './ovs.js';
import { fill, ready, redirectFor, session } from './shell.js';

// A report is for reading and printing, not for paging: it gathers up to this many records.
const MAX_RECORDS = 2000;

const s = await session();
const form = document.getElementById('report-form');
const error = document.getElementById('error');
const report = document.getElementById('report');
const printButton = document.getElementById('print');

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  error.textContent = '';
  const v = (id) => document.getElementById(id).value.trim();
  const caseId = v('r-case');
  const actor = v('r-actor');
  if (!caseId && !actor) { error.textContent = tx('reportNeedsOne'); return; }
  const filters = { case: caseId, actor, from: dayStart(v('r-from')), to: dayStart(v('r-to'), 1) };
  try {
    const [chain, gathered] = await Promise.all([get('/api/v1/oversight/audit/verification'), gather(filters)]);
    document.getElementById('report-title').textContent = tx('reportOf', [caseId, actor].filter(Boolean).join(' · '));
    const a = s.account;
    document.getElementById('report-meta').textContent =
      tx('reportGenerated', dateTime(new Date().toISOString()), a.username, label('role', a.role)) + ' '
      + tx('reportCount', gathered.items.length);
    document.getElementById('report-chain').textContent = chainText(chain);
    fill(document.querySelector('#report-records tbody'), ...gathered.items.map(recordRow));
    const truncated = document.getElementById('report-truncated');
    truncated.hidden = !gathered.truncated;
    truncated.textContent = gathered.truncated ? tx('reportTruncated', MAX_RECORDS) : '';
    report.hidden = false;
    printButton.hidden = false;
  } catch (e) {
    if (!redirectFor(e)) error.textContent = explain(e);
  }
});

async function gather(filters) {
  const items = [];
  let cursor = null;
  do {
    const page = await records(filters, cursor, 200);
    items.push(...page.items);
    cursor = page.next;
  } while (cursor && items.length < MAX_RECORDS);
  return { items: items.slice(0, MAX_RECORDS), truncated: Boolean(cursor) || items.length > MAX_RECORDS };
}

printButton.addEventListener('click', () => window.print());
ready();
