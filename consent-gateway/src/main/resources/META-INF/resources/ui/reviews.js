// The examiner's queue: each pair side by side or overlaid, with zoom; the verdict is recorded blind (the API shows
// this examiner's own verdict only).
import { call, explain, imageUrl, post } from './api.js';
import { label, t } from './i18n.js';
import { el, fill, ready, redirectFor, session } from './shell.js';

await session();
const $ = (id) => document.getElementById(id);
const body = document.querySelector('#queue tbody');
let next = null;
let current = null;
const blobs = [];

async function load(cursor) {
  $('empty').textContent = t('loading');
  try {
    const { body: items, response } = await call('GET', '/api/v1/reviews?limit=25' + (cursor ? '&cursor=' + encodeURIComponent(cursor) : ''));
    const list = Array.isArray(items) ? items : items.items || [];
    fill(body, ...list.map((r) => {
      const open = el('button', { type: 'button', class: 'secondary small' }, t('openItem'));
      open.addEventListener('click', () => show(r));
      return el('tr', {},
        el('td', {}, el('code', {}, r.missingCaseId), ' ↔ ', el('code', {}, r.foundCaseId)),
        el('td', {}, r.band ? el('span', { class: 'badge band-' + r.band.toLowerCase() }, label('band', r.band)) : ''),
        el('td', {}, r.status || ''),
        el('td', {}, open));
    }));
    $('empty').textContent = list.length ? '' : t('noReviews');
    $('choose').textContent = list.length ? t('chooseItem') : '';
    next = response.headers.get('Homeward-Next-Cursor');
    $('more').hidden = !next;
    $('first').hidden = !cursor;
  } catch (e) {
    if (!redirectFor(e)) $('empty').textContent = explain(e);
  }
}

async function face(img, photoId, alt) {
  img.removeAttribute('src');
  img.alt = alt;
  if (!photoId) return;
  try {
    const url = await imageUrl(photoId);
    blobs.push(url);
    img.src = url;
  } catch (e) {
    img.alt = alt + ' — ' + explain(e);
  }
}

async function show(r) {
  current = r;
  while (blobs.length) URL.revokeObjectURL(blobs.pop());
  $('compare').hidden = false;
  $('choose').textContent = '';
  $('error').textContent = '';
  $('recorded').textContent = (r.myVerdict || []).length ? t('verdictRecorded') : '';
  $('cap-missing').textContent = t('missingFace') + ' · ' + r.missingCaseId;
  $('cap-found').textContent = t('foundFace') + ' · ' + r.foundCaseId;
  await Promise.all([face($('face-missing'), r.missingPhotoId, t('missingFace')), face($('face-found'), r.foundPhotoId, t('foundFace'))]);
  $('mode-side').focus();
}

function mode(overlay) {
  $('faces').classList.toggle('side', !overlay);
  $('faces').classList.toggle('overlay', overlay);
  $('mode-side').setAttribute('aria-pressed', String(!overlay));
  $('mode-overlay').setAttribute('aria-pressed', String(overlay));
  $('mix-field').hidden = !overlay;
  mix();
}

// Zoom and blend through classes and properties the style sheet defines (no inline style: CSP forbids it).
function zoom() {
  const scale = Number($('zoom').value);
  for (const img of document.querySelectorAll('#faces img')) img.style.setProperty('--zoom', String(scale));
}

function mix() {
  $('face-found').style.setProperty('--mix', String(Number($('mix').value) / 100));
}

$('mode-side').addEventListener('click', () => mode(false));
$('mode-overlay').addEventListener('click', () => mode(true));
$('zoom').addEventListener('input', zoom);
$('mix').addEventListener('input', mix);
$('more').addEventListener('click', () => load(next));
$('first').addEventListener('click', () => load(null));

$('verdict-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  $('error').textContent = '';
  const chosen = document.querySelector('input[name=verdict]:checked');
  if (!current || !chosen) return;
  try {
    current = await post('/api/v1/reviews/' + encodeURIComponent(current.id) + '/verdicts', { verdict: chosen.value });
    $('recorded').textContent = t('verdictRecorded');
    await load(null);
  } catch (e) {
    if (!redirectFor(e)) $('error').textContent = explain(e);
  }
});

await load(null);
ready();
