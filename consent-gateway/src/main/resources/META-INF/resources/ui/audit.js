import { explain, get } from './api.js';
import { chainText, dayStart, recordRow, records, tx } from './ovs.js';
import { el, fill, ready, redirectFor, session } from './shell.js';

await session();
const chain = document.getElementById('chain');
const body = document.querySelector('#records tbody');
const error = document.getElementById('error');
const more = document.getElementById('more');
const first = document.getElementById('first');
let filters = {};
let next = null;

async function verify() {
  chain.textContent = tx('loading');
  chain.className = '';
  try {
    const c = await get('/api/v1/oversight/audit/verification');
    chain.textContent = chainText(c);
    chain.className = c.intact ? 'ok' : 'error';
  } catch (e) {
    if (!redirectFor(e)) { chain.textContent = explain(e); chain.className = 'error'; }
  }
}

async function load(cursor) {
  error.textContent = '';
  try {
    const page = await records(filters, cursor, 50);
    fill(body, ...(page.items.length ? page.items.map(recordRow)
      : [el('tr', {}, el('td', { colspan: '11' }, tx('noRecords')))]));
    next = page.next;
    more.hidden = !next;
    first.hidden = !cursor;
  } catch (e) {
    if (!redirectFor(e)) error.textContent = explain(e);
  }
}

document.getElementById('filters').addEventListener('submit', async (event) => {
  event.preventDefault();
  const v = (id) => document.getElementById(id).value.trim();
  filters = {
    actor: v('f-actor'), organisation: v('f-org'), case: v('f-case'),
    action: v('f-action'), decision: v('f-decision'),
    from: dayStart(v('f-from')), to: dayStart(v('f-to'), 1),
  };
  await load(null);
});
document.getElementById('verify').addEventListener('click', verify);
more.addEventListener('click', () => load(next));
first.addEventListener('click', () => load(null));

await Promise.all([verify(), load(null)]);
ready();
