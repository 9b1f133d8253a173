// One-time search with a stranger's photo (PRIVACY.md rules 7 and 20): the photo is sent once, searched once,
// and the page lists the user's own probes with when each is deleted. The photo never comes back to the page.
import { ApiError, call, explain, post, upload } from './api.js';
import { dateTime, label } from './i18n.js';
import { px } from './prv.js';
import { el, fill, ready, redirectFor, session } from './shell.js';

await session();
const $ = (id) => document.getElementById(id);
const file = $('file');
const error = $('error');
let chosen = null;

file.addEventListener('change', () => {
  chosen = file.files && file.files[0] ? file.files[0] : null;
  $('file-name').textContent = chosen ? chosen.name : '';
});

function where(p) {
  if (p.keptCaseId) return px('keptWith', p.keptCaseId);
  if (!p.held) return px('deleted') + (p.deletedAt ? ' ' + dateTime(p.deletedAt) : '');
  return p.deletedAtSessionEnd ? px('atSignOut', dateTime(p.deleteAfter)) : dateTime(p.deleteAfter);
}

function row(p) {
  const remove = p.held && !p.keptCaseId
    ? el('button', { type: 'button', class: 'secondary', dataset: { probe: p.id } }, px('deleteNow'))
    : null;
  if (remove) remove.addEventListener('click', () => removeProbe(p.id));
  return el('tr', { dataset: { probe: p.id, held: String(p.held) } },
    el('td', {}, dateTime(p.createdAt)),
    el('td', {}, p.underCaseId || '—'),
    el('td', {}, (p.held ? px('held') : px('deleted')) + ' · ' + (p.searched ? px('searched') : px('notSearched'))),
    el('td', {}, where(p)),
    el('td', {}, remove));
}

async function list() {
  const { body } = await call('GET', '/api/v1/one-time-searches?limit=20');
  const items = Array.isArray(body) ? body : [];
  fill($('mine').querySelector('tbody'),
    ...(items.length ? items.map(row) : [el('tr', {}, el('td', { colspan: '5' }, px('noneYet')))]));
  const keepable = items.filter((p) => p.held && !p.keptCaseId);
  fill($('keep-probe'), ...keepable.map((p) => el('option', { value: p.id }, dateTime(p.createdAt))));
  $('keep').hidden = keepable.length === 0;
}

async function removeProbe(id) {
  error.textContent = '';
  try {
    await call('DELETE', '/api/v1/one-time-searches/' + encodeURIComponent(id));
    await list();
  } catch (e) {
    if (!redirectFor(e)) error.textContent = explain(e);
  }
}

function candidateRow(c) {
  return el('tr', { dataset: { case: c.caseId } },
    el('td', {}, String(c.rank)),
    el('td', {}, c.caseId),
    el('td', {}, label('band', c.band)),
    el('td', {}, c.ageBand || ''));
}

$('probe').addEventListener('submit', async (event) => {
  event.preventDefault();
  error.textContent = '';
  if (!chosen) { error.textContent = px('needPhoto'); return; }
  const under = $('under-case').value.trim();
  $('search-once').disabled = true;
  try {
    const held = await upload('/api/v1/one-time-searches' + (under ? '?underCase=' + encodeURIComponent(under) : ''), chosen);
    const r = await post('/api/v1/one-time-searches/' + encodeURIComponent(held.id) + '/search');
    const list_ = r.candidates || [];
    fill($('candidates').querySelector('tbody'),
      ...(list_.length ? list_.map(candidateRow) : [el('tr', {}, el('td', { colspan: '4' }, px('noCandidates')))]));
    $('result-status').textContent = where(r.probe);
    $('result').hidden = false;
    file.value = '';
    chosen = null;
    $('file-name').textContent = '';
  } catch (e) {
    if (!redirectFor(e)) error.textContent = e instanceof ApiError ? explain(e) : String(e);
  } finally {
    $('search-once').disabled = false;
    await list();
  }
});

$('keep').addEventListener('submit', async (event) => {
  event.preventDefault();
  error.textContent = '';
  const id = $('keep-probe').value;
  const caseId = $('keep-case').value.trim();
  if (!id || !caseId) return;
  try {
    await post('/api/v1/one-time-searches/' + encodeURIComponent(id) + '/case', { caseId });
    $('keep-status').textContent = px('keptDone', caseId);
    await list();
  } catch (e) {
    if (!redirectFor(e)) error.textContent = explain(e);
  }
});

await list();
ready();
