// The examiner's queue: each pair's two faces, aligned the way the matcher aligns them (eyes at the same place, same
// scale) or as whole photos, side by side or overlaid (blend and flicker), zoomed in step; the verdict is recorded blind with the
// examiner's observations feature by feature (FISWG list); the API shows the other examiner's verdict and observations
// only once both are in. After two POTENTIAL_CANDIDATE verdicts: DNA referral and confirmation.
import { blobUrl, call, explain, imageUrl, post } from './api.js';
import { dateTime, label, t } from './i18n.js';
import { el, fill, ready, redirectFor, session } from './shell.js';

await session();
const $ = (id) => document.getElementById(id);
const body = document.querySelector('#queue tbody');
let next = null;
let current = null;
let blobs = [];
// What the two frames show: the aligned faces (the default) or the whole photos.
let shown = 'faces';
let flickering = null;
// This page's own texts (the review bundle), rendered into the page like the shared ones.
const texts = new Map([...document.querySelectorAll('#rvw-i18n [data-k]')].map((s) => [s.dataset.k, s.textContent]));
const rv = (key, ...args) => args.reduce((s, a, i) => s.replaceAll('$' + (i + 1), String(a)), texts.get(key) || key);
// Where an item came from (the standing search or a referral from a case search): the one thing that tells items apart.
const refTexts = new Map([...document.querySelectorAll('#ref-i18n [data-k]')].map((n) => [n.dataset.k, n.textContent]));
const origin = (r) => el('span', { class: 'badge' + (r.origin === 'REFERRAL' ? ' origin-referral' : '') },
  refTexts.get('origin_' + (r.origin || 'STANDING_SEARCH')) || r.origin || '');
const features = [...document.querySelectorAll('#fiswg .feature')].map((f) => f.dataset.feature);

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
        el('td', {}, origin(r)),
        el('td', {}, open));
    }));
    $('empty').textContent = list.length ? '' : t('noReviews');
    $('choose').textContent = list.length && $('compare').hidden ? t('chooseItem') : '';
    next = response.headers.get('Homeward-Next-Cursor');
    $('more').hidden = !next;
    $('first').hidden = !cursor;
  } catch (e) {
    if (!redirectFor(e)) $('empty').textContent = explain(e);
  }
}

async function face(img, side, photoId, alt) {
  img.removeAttribute('src');
  img.alt = alt;
  if (!photoId || !current) return;
  const item = current.id;
  try {
    const url = shown === 'faces'
      ? await blobUrl('/api/v1/reviews/' + encodeURIComponent(item) + '/faces/' + side)
      : await imageUrl(photoId);
    // Another item or view chosen while this one loaded: its image is not shown.
    if (!current || current.id !== item) { URL.revokeObjectURL(url); return; }
    blobs.push(url);
    img.src = url;
  } catch (e) {
    img.alt = alt + ' — ' + explain(e);
  }
}

// Both frames, as the chosen view shows them; the blob: URLs of the previous ones are revoked.
async function faces() {
  const r = current;
  const old = blobs;
  blobs = [];
  old.forEach((u) => URL.revokeObjectURL(u));
  const aligned = shown === 'faces';
  $('show-faces').setAttribute('aria-pressed', String(aligned));
  $('show-photos').setAttribute('aria-pressed', String(!aligned));
  $('shown-note').textContent = rv(aligned ? 'alignedNote' : 'photosNote');
  const suffix = aligned ? ' · ' + rv('alignedFace') : '';
  await Promise.all([
    face($('face-missing'), 'missing', r.missingPhotoId, t('missingFace') + suffix),
    face($('face-found'), 'found', r.foundPhotoId, t('foundFace') + suffix)]);
}

async function show(r) {
  try {
    r = await (await call('GET', '/api/v1/reviews/' + encodeURIComponent(r.id))).body;
  } catch (e) {
    if (redirectFor(e)) return;
  }
  current = r;
  $('compare').hidden = false;
  $('choose').textContent = '';
  $('error').textContent = '';
  $('recorded').textContent = (r.myVerdict || []).length ? t('verdictRecorded') : '';
  $('cap-missing').textContent = t('missingFace') + ' · ' + r.missingCaseId;
  $('cap-found').textContent = t('foundFace') + ' · ' + r.foundCaseId;
  fill($('origin'), origin(r));
  $('verdict-form').reset();
  $('dna-form').reset();
  for (const id of ['dna-error', 'dna-confirmed']) $(id).textContent = '';
  render(r);
  shown = 'faces';
  await faces();
  $('show-faces').focus();
}

function mine(r) {
  return (r.myVerdict || []).length > 0;
}

// What the API lets this examiner see: their own observations once recorded; both verdicts and the other
// examiner's observations once both are in; the DNA steps once two examiners found a potential candidate.
function render(r) {
  const recorded = mine(r);
  for (const input of document.querySelectorAll('#verdict-form input, #verdict-form button')) input.disabled = recorded;
  // With one verdict visible, every observation shown is this examiner's own: shown back in the form.
  for (const o of (r.myVerdict || []).length === 1 ? r.observations || [] : []) {
    const radio = $('f-' + o.feature + '-' + o.assessment);
    if (radio) radio.checked = true;
    if ($('n-' + o.feature)) $('n-' + o.feature).value = o.note || '';
  }
  const both = (r.myVerdict || []).length >= 2;
  $('both').hidden = !both;
  $('blind').hidden = both;
  if (both) {
    fill(document.querySelector('#verdicts tbody'), ...r.myVerdict.map((v) => {
      const [who, verdict] = v.split('=');
      return el('tr', {}, el('td', {}, who), el('td', {}, label('verdict', verdict)));
    }));
    fill(document.querySelector('#observations tbody'), ...(r.observations || []).map((o) =>
      el('tr', {}, el('td', {}, o.examiner), el('td', {}, rv('feature_' + o.feature)),
        el('td', {}, rv('assessment_' + o.assessment)), el('td', {}, o.note || ''))));
  }
  // Shown once this examiner found a potential candidate, so that a step taken too early is refused in plain words.
  $('dna').hidden = !(r.status === 'POTENTIAL_CANDIDATE' || (r.myVerdict || []).some((v) => v.endsWith('=POTENTIAL_CANDIDATE')));
  $('dna-referred').textContent = r.dnaReferredBy ? rv('dnaReferred', r.dnaReferredBy, dateTime(r.dnaReferredAt)) : '';
  $('refer-dna').hidden = Boolean(r.dnaReferredBy);
}

function dnaRefusal(e) {
  if (e && e.problem && /two-person rule/.test(e.problem.detail || '')) return rv('twoPersonNotMet');
  if (e && e.status === 409) return rv('referFirst');
  return explain(e);
}

function mode(overlay) {
  $('faces').classList.toggle('side', !overlay);
  $('faces').classList.toggle('overlay', overlay);
  $('mode-side').setAttribute('aria-pressed', String(!overlay));
  $('mode-overlay').setAttribute('aria-pressed', String(overlay));
  $('mix-field').hidden = !overlay;
  $('flicker').hidden = !overlay;
  if (!overlay) flicker(false);
  mix();
}

// Flicker: the found face shown and hidden in turn over the missing one, so that a difference jumps out.
function flicker(on) {
  clearInterval(flickering);
  flickering = null;
  $('faces').classList.remove('flick-off');
  $('flicker').setAttribute('aria-pressed', String(on));
  if (on) flickering = setInterval(() => $('faces').classList.toggle('flick-off'), 600);
}

// Zoom and blend through classes and properties the style sheet defines (no inline style: CSP forbids it).
function zoom() {
  const scale = Number($('zoom').value);
  for (const img of document.querySelectorAll('#faces img')) img.style.setProperty('--zoom', String(scale));
}

function mix() {
  $('face-found').style.setProperty('--mix', String(Number($('mix').value) / 100));
}

$('show-faces').addEventListener('click', () => { if (current && shown !== 'faces') { shown = 'faces'; faces(); } });
$('show-photos').addEventListener('click', () => { if (current && shown !== 'photos') { shown = 'photos'; faces(); } });
$('flicker').addEventListener('click', () => flicker($('flicker').getAttribute('aria-pressed') !== 'true'));
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
  const observations = [];
  for (const f of features) {
    const picked = document.querySelector('input[name="f-' + f + '"]:checked');
    const note = $('n-' + f).value.trim();
    if (picked) observations.push(note ? { feature: f, assessment: picked.value, note } : { feature: f, assessment: picked.value });
  }
  try {
    current = await post('/api/v1/reviews/' + encodeURIComponent(current.id) + '/verdicts', { verdict: chosen.value, observations });
    render(current);
    $('recorded').textContent = t('verdictRecorded');
    await load(null);
  } catch (e) {
    if (!redirectFor(e)) $('error').textContent = explain(e);
  }
});

$('refer-dna').addEventListener('click', async () => {
  $('dna-error').textContent = '';
  if (!current) return;
  try {
    current = await post('/api/v1/reviews/' + encodeURIComponent(current.id) + '/dna-referral');
    render(current);
  } catch (e) {
    if (!redirectFor(e)) $('dna-error').textContent = dnaRefusal(e);
  }
});

$('dna-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  $('dna-error').textContent = '';
  $('dna-confirmed').textContent = '';
  if (!current) return;
  try {
    await post('/api/v1/reviews/' + encodeURIComponent(current.id) + '/dna-confirmation', { reference: $('dna-reference').value.trim() });
    $('dna-confirmed').textContent = rv('dnaConfirmed');
  } catch (e) {
    if (!redirectFor(e)) $('dna-error').textContent = dnaRefusal(e);
  }
});

await load(null);
ready();
