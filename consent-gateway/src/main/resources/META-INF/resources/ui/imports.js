// Bulk import: send an archive (a new job, one batch), follow the organisation's jobs while they run (polling),
// download a job's refusals as CSV (fetched with the session's headers, then saved from a blob: URL).
import { call, explain, upload } from './api.js';
import { dateTime, number } from './i18n.js';
import { el, fill, ready, redirectFor, session } from './shell.js';

const texts = new Map();
for (const node of document.querySelectorAll('#imp-texts [data-k]')) texts.set(node.dataset.k, node.textContent);
function tx(key, ...args) {
  let s = texts.get(key) || key;
  args.forEach((a, i) => { s = s.replaceAll('$' + (i + 1), String(a)); });
  return s;
}

await session();
const body = document.querySelector('#jobs tbody');
const error = document.getElementById('error');
const received = document.getElementById('received');
const more = document.getElementById('more');
const first = document.getElementById('first');
let cursor = null;
let next = null;
let timer = null;

async function download(job) {
  error.textContent = '';
  try {
    const { response } = await call('GET', '/api/v1/imports/' + encodeURIComponent(job.id) + '/refusals');
    const url = URL.createObjectURL(await response.blob());
    const a = el('a', { href: url, download: job.id + '-refusals.csv' });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  } catch (e) {
    if (!redirectFor(e)) error.textContent = explain(e);
  }
}

function row(j) {
  let report = tx('none');
  if (j.refused > 0) {
    report = el('button', { type: 'button', class: 'secondary', dataset: { job: j.id } }, tx('download'));
    report.addEventListener('click', () => download(j));
  }
  const left = j.left === 0 ? tx('finished')
    : j.waitingForTomorrow ? tx('waitingForTomorrow')
      : (j.secondsLeft != null ? tx('seconds', number(j.secondsLeft)) : '…');
  return el('tr', { dataset: { job: j.id, left: String(j.left) } },
    el('td', {}, j.id),
    el('td', {}, dateTime(j.createdAt)),
    el('td', { class: 'done' }, number(j.done)),
    el('td', { class: 'refused' }, number(j.refused)),
    el('td', { class: 'left' }, number(j.left)),
    el('td', {}, number(j.recordsPerSecond, 1)),
    el('td', {}, left),
    el('td', {}, report));
}

async function load(at) {
  cursor = at;
  try {
    const { body: items, response } = await call('GET', '/api/v1/imports?limit=20' + (at ? '&cursor=' + encodeURIComponent(at) : ''));
    const list = Array.isArray(items) ? items : [];
    fill(body, ...(list.length ? list.map(row) : [el('tr', {}, el('td', { colspan: '8' }, tx('noJobs')))]));
    next = response.headers.get('Homeward-Next-Cursor');
    more.hidden = !next;
    first.hidden = !at;
    // Poll while a job on this page is still running.
    clearTimeout(timer);
    if (list.some((j) => j.left > 0)) timer = setTimeout(() => load(cursor), 2000);
  } catch (e) {
    if (!redirectFor(e)) error.textContent = explain(e);
  }
}

document.getElementById('upload').addEventListener('submit', async (event) => {
  event.preventDefault();
  error.textContent = '';
  received.textContent = '';
  const file = document.getElementById('archive').files[0];
  if (!file) { error.textContent = tx('choose'); return; }
  try {
    const { body: job } = await call('POST', '/api/v1/imports');
    const r = await upload('/api/v1/imports/' + encodeURIComponent(job.id) + '/batches',
      file.type ? file : new File([file], file.name, { type: 'application/zip' }));
    received.textContent = tx('received', r.accepted, r.alreadyKnown, r.refused);
    await load(null);
  } catch (e) {
    if (!redirectFor(e)) error.textContent = explain(e);
  }
});
more.addEventListener('click', () => load(next));
first.addEventListener('click', () => load(null));
await load(null);
ready();
