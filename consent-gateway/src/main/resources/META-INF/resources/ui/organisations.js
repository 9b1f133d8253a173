// The administrators' organisations page: the list (with users and cases counted), a form to create one, and a
// change form (rename, kind, deactivate or reactivate) for the organisation picked in the list.
import { call, explain, post } from './api.js';
import { date, number, t } from './i18n.js';
import { el, fill, ready, redirectFor, session } from './shell.js';

const texts = new Map();
for (const node of document.querySelectorAll('#org-texts [data-k]')) texts.set(node.dataset.k, node.textContent);
function ot(key, ...args) {
  let s = texts.has(key) ? texts.get(key) : t(key);
  args.forEach((a, i) => { s = s.replaceAll('$' + (i + 1), String(a)); });
  return s;
}

const PATH = '/api/v1/admin/organisations';
await session();
const body = document.querySelector('#organisations tbody');
const listError = document.getElementById('list-error');
const more = document.getElementById('more');
const first = document.getElementById('first');
const changeForm = document.getElementById('change');
const changeHeading = document.getElementById('h-change');
const toggle = document.getElementById('toggle');
const changed = document.getElementById('changed');
let next = null;
let shown = null;
let chosen = null;

function status(o) {
  return el('span', { class: o.active ? 'badge allowed' : 'badge denied' }, o.active ? ot('active') : ot('inactive'));
}

function row(o) {
  const pick = el('button', { type: 'button', class: 'secondary', 'aria-label': ot('changeNamed', o.id) }, ot('change'));
  pick.addEventListener('click', () => choose(o));
  return el('tr', { dataset: { id: o.id } },
    el('td', {}, el('code', {}, o.id)),
    el('td', {}, o.displayName),
    el('td', {}, ot('kind_' + o.kind)),
    el('td', {}, number(o.users)),
    el('td', {}, number(o.cases)),
    el('td', {}, status(o)),
    el('td', {}, date(o.createdAt)),
    el('td', {}, pick));
}

async function load(cursor) {
  listError.textContent = '';
  try {
    const { body: page, response } = await call('GET', PATH + (cursor ? '?cursor=' + encodeURIComponent(cursor) : ''));
    const items = Array.isArray(page) ? page : [];
    fill(body, ...(items.length ? items.map(row) : [el('tr', {}, el('td', { colspan: '8' }, ot('none')))]));
    next = response.headers.get('Homeward-Next-Cursor');
    shown = cursor;
    more.hidden = !next;
    first.hidden = !cursor;
  } catch (e) {
    if (!redirectFor(e)) listError.textContent = explain(e);
  }
}

function choose(o) {
  chosen = o;
  changed.textContent = '';
  document.getElementById('change-error').textContent = '';
  changeHeading.textContent = ot('changeNamed', o.id);
  document.getElementById('change-intro').hidden = true;
  document.getElementById('change-name').value = o.displayName;
  document.getElementById('change-kind').value = o.kind;
  toggle.textContent = o.active ? ot('deactivate') : ot('reactivate');
  changeForm.hidden = false;
  document.getElementById('change-name').focus();
}

async function patch(change) {
  const error = document.getElementById('change-error');
  error.textContent = '';
  changed.textContent = '';
  try {
    const { body: o } = await call('PATCH', PATH + '/' + encodeURIComponent(chosen.id), change);
    const wasActive = chosen.active;
    choose(o);
    changed.textContent = o.active === wasActive ? ot('saved') : ot(o.active ? 'reactivated' : 'deactivated', o.id);
    await load(shown);
  } catch (e) {
    if (!redirectFor(e)) error.textContent = explain(e);
  }
}

more.addEventListener('click', () => load(next));
first.addEventListener('click', () => load(null));

changeForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  await patch({
    displayName: document.getElementById('change-name').value.trim(),
    kind: document.getElementById('change-kind').value,
  });
});
toggle.addEventListener('click', () => patch({ active: !chosen.active }));

document.getElementById('create').addEventListener('submit', async (event) => {
  event.preventDefault();
  const error = document.getElementById('error');
  const created = document.getElementById('created');
  error.textContent = '';
  created.textContent = '';
  const id = document.getElementById('org-id').value.trim();
  const displayName = document.getElementById('org-name').value.trim();
  try {
    const o = await post(PATH, { id, displayName: displayName || null, kind: document.getElementById('org-kind').value });
    created.textContent = ot('created', o.displayName === o.id ? o.id : o.displayName + ' (' + o.id + ')');
    document.getElementById('org-id').value = '';
    document.getElementById('org-name').value = '';
    await load(null);
  } catch (e) {
    if (!redirectFor(e)) error.textContent = explain(e);
  }
});

await load(null);
ready();
