// Rule 21: a privacy officer's access report for the subject of one case (printable), and corrections of the
// subject's data. The case id is typed into the form, never put in the address.
import { ApiError, call, explain, get } from './api.js';
import { date, dateTime, label, t } from './i18n.js';
import { el, fill, ready, redirectFor, session } from './shell.js';

const texts = new Map();
for (const node of document.querySelectorAll('#prv-texts [data-k]')) texts.set(node.dataset.k, node.textContent);
function tx(key, ...args) {
  let s = texts.has(key) ? texts.get(key) : t(key);
  args.forEach((a, i) => { s = s.replaceAll('$' + (i + 1), String(a)); });
  return s;
}

const s = await session();
const form = document.getElementById('sa-form');
const error = document.getElementById('error');
const report = document.getElementById('sa-report');
const printButton = document.getElementById('print');
const correct = document.getElementById('sa-correct');
const correctForm = document.getElementById('correct-form');
const correctError = document.getElementById('correct-error');
const correctStatus = document.getElementById('correct-status');
let caseId = null;
let urls = [];

function facts(node, rows) {
  fill(node, ...rows.filter(([, v]) => v !== null && v !== undefined && v !== '')
    .flatMap(([k, v]) => [el('dt', {}, tx(k)), el('dd', {}, String(v))]));
}

async function thumbnail(p) {
  // The image needs the purpose header, which an <img src> cannot send: fetched, shown as a blob: URL.
  const response = await fetch(p.thumbnail, {
    credentials: 'same-origin', cache: 'no-store', headers: { 'Homeward-Purpose': 'PRIVACY_AUDIT' },
  });
  if (!response.ok) return el('li', {}, p.id);
  const url = URL.createObjectURL(await response.blob());
  urls.push(url);
  return el('li', {}, el('img', { src: url, alt: tx('photoAlt', p.id) }),
    el('span', { class: 'muted' }, [label('source', p.source), p.photoYear].filter(Boolean).join(' · ')));
}

async function show(r) {
  urls.forEach((u) => URL.revokeObjectURL(u));
  urls = [];
  document.getElementById('sa-title').textContent = tx('reportOf', r.caseId);
  const a = s.account;
  document.getElementById('sa-meta').textContent = tx('generated', dateTime(r.generatedAt), a.username, label('role', a.role));
  facts(document.getElementById('sa-case-data'), [
    ['caseId', r.caseId], ['side', label('side', r.side)], ['status', label('status', r.status)],
    ['organisation', r.organisation], ['registered', date(r.createdAt)], ['confirmed', date(r.confirmedAt)],
    ['closed', date(r.closedAt)]]);
  const sub = r.subject;
  facts(document.getElementById('sa-subject'), [
    ['subjectId', sub.subjectId], ['sex', sub.sex ? label('sex', sub.sex) : null],
    ['birthYears', sub.birthYearFrom != null ? sub.birthYearFrom + '–' + sub.birthYearTo : null],
    ['eventDate', sub.eventDate], ['regionCode', sub.regionCode], ['location', sub.location],
    ['protectedPerson', sub.protectedPerson ? t('yes') : null], ['disclosureRefused', sub.disclosureRefused ? t('yes') : null]]);
  fill(document.querySelector('#sa-consents tbody'), ...r.consents.map((k) => el('tr', {},
    el('td', {}, label('basis', k.basis)), el('td', {}, label('givenBy', k.givenBy)), el('td', {}, k.relationship || ''),
    el('td', {}, date(k.grantedAt)), el('td', {}, k.verified ? date(k.verifiedAt) : t('no')),
    el('td', {}, date(k.withdrawnAt)), el('td', {}, k.justification || ''))));
  const photos = document.getElementById('sa-photos');
  fill(photos, r.photos.length
    ? el('ul', { class: 'thumbs' }, ...(await Promise.all(r.photos.map(thumbnail))))
    : el('p', { class: 'muted' }, tx('noPhotos')));
  fill(document.querySelector('#sa-history tbody'), ...r.history.map((h) => el('tr', {},
    el('td', {}, String(h.seq)), el('td', {}, dateTime(h.at)), el('td', {}, h.action), el('td', {}, label('role', h.role)),
    el('td', {}, h.organisation), el('td', {}, h.purpose),
    el('td', {}, el('span', { class: 'badge ' + (h.allowed ? 'allowed' : 'denied') }, h.allowed ? t('yes') : t('no'))),
    el('td', {}, h.displayed || ''))));
  const truncated = document.getElementById('sa-truncated');
  truncated.hidden = !r.historyTruncated;
  truncated.textContent = r.historyTruncated ? tx('truncated', r.history.length) : '';
  fill(document.getElementById('sa-withheld'), ...(r.withheld.length
    ? r.withheld.map((w) => el('li', {}, w.what + ': ' + w.reason))
    : [el('li', {}, tx('noWithheld'))]));
  report.hidden = false;
  printButton.hidden = false;
  correct.hidden = false;
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  error.textContent = '';
  correctStatus.textContent = '';
  const id = document.getElementById('sa-case').value.trim();
  if (!id) { error.textContent = tx('needsCase'); return; }
  try {
    const r = await get('/api/v1/oversight/subject-access/' + encodeURIComponent(id));
    caseId = id;
    await show(r);
  } catch (e) {
    if (redirectFor(e)) return;
    report.hidden = true; printButton.hidden = true; correct.hidden = true;
    error.textContent = e instanceof ApiError && e.status === 404 ? explain(e) : explain(e);
  }
});

correctForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  correctError.textContent = '';
  correctStatus.textContent = '';
  const v = (id) => document.getElementById(id).value.trim();
  const body = {};
  if (v('c-sex')) body.sex = v('c-sex');
  if (v('c-from')) body.birthYearFrom = Number(v('c-from'));
  if (v('c-to')) body.birthYearTo = Number(v('c-to'));
  if (v('c-event')) body.eventDate = v('c-event');
  if (v('c-region')) body.regionCode = v('c-region');
  if (!Object.keys(body).length) { correctError.textContent = tx('nothingToCorrect'); return; }
  try {
    const { body: r } = await call('POST', '/api/v1/oversight/subject-access/' + encodeURIComponent(caseId) + '/corrections', body);
    await show(r);
    correctForm.reset();
    correctStatus.textContent = tx('corrected');
  } catch (e) {
    if (!redirectFor(e)) correctError.textContent = explain(e);
  }
});

printButton.addEventListener('click', () => window.print());
ready();
