// The model change page: the vector spaces with the re-embedding job's progress, and the form that starts a job.
import { ApiError, explain, get, post } from './api.js';
import { dateTime, number } from './i18n.js';
import { el, fill, ready, redirectFor, session } from './shell.js';

const texts = new Map();
for (const node of document.querySelectorAll('#mdl-texts [data-k]')) texts.set(node.dataset.k, node.textContent);

function tx(key, ...args) {
  let s = texts.get(key) || key;
  args.forEach((a, i) => { s = s.replaceAll('$' + (i + 1), String(a)); });
  return s;
}

/** A refusal in the reader's words: this page's problems first, then the common ones. */
function why(e) {
  if (e instanceof ApiError && texts.has('problem_' + e.slug)) return tx('problem_' + e.slug);
  return explain(e);
}

await session();
const body = document.querySelector('#spaces tbody');
const error = document.getElementById('error');

function dates(s) {
  const parts = [];
  if (s.startedAt) parts.push(tx('startedAt', dateTime(s.startedAt)));
  if (s.completedAt && s.status === 'BUILDING') parts.push(tx('completedAt', dateTime(s.completedAt)));
  if (s.switchedAt) parts.push(tx('switchedAt', dateTime(s.switchedAt)));
  if (s.dropAfter && s.status === 'RETIRING') parts.push(tx('dropAfter', dateTime(s.dropAfter)));
  if (s.droppedAt) parts.push(tx('droppedAt', dateTime(s.droppedAt)));
  return parts.join('; ');
}

function row(s) {
  const building = s.status === 'BUILDING';
  const state = [el('span', { class: 'badge' }, tx('state_' + s.status))];
  if (s.problem) state.push(' ', el('span', { class: 'error' }, tx('problem_' + s.problem)));
  return el('tr', { dataset: { space: s.id, status: s.status } },
    el('td', {}, el('code', {}, s.id)),
    el('td', {}, s.projection),
    el('td', {}, ...state),
    el('td', {}, building || s.photosTotal ? tx('progress', s.photosDone, s.photosTotal, s.photosFailed) : ''),
    el('td', {}, building && s.photosPerSecond ? tx('rate', number(s.photosPerSecond, 1)) : ''),
    el('td', {}, building && s.secondsLeft != null ? tx('seconds', s.secondsLeft) : ''),
    el('td', {}, dates(s)));
}

async function load() {
  error.textContent = '';
  try {
    const { items } = await get('/api/v1/admin/spaces');
    fill(body, ...items.map(row));
  } catch (e) {
    if (!redirectFor(e)) error.textContent = why(e);
  }
}

document.getElementById('refresh').addEventListener('click', load);
document.getElementById('start').addEventListener('submit', async (event) => {
  event.preventDefault();
  const startError = document.getElementById('start-error');
  const started = document.getElementById('started');
  startError.textContent = '';
  started.hidden = true;
  try {
    await post('/api/v1/admin/spaces', { projection: document.getElementById('projection').value.trim() });
    started.hidden = false;
    await load();
  } catch (e) {
    if (!redirectFor(e)) startError.textContent = why(e);
  }
});
await load();
ready();
