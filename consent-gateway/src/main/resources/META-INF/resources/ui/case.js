import { ApiError, explain, get, imageUrl, post, upload } from './api.js';
import { date, label, lang, number, t } from './i18n.js';
import { el, fill, ready, redirectFor, session } from './shell.js';

const s = await session();
const caseId = document.getElementById('case').dataset.caseId;
const path = '/api/v1/cases/' + encodeURIComponent(caseId);
const $ = (id) => document.getElementById(id);
const canVerify = ['NGO_CASEWORKER', 'POLICE_INVESTIGATOR'].includes(s.account.role);
if (s.account.role === 'POLICE_INVESTIGATOR') document.getElementById('source').value = 'POLICE';
const blobs = [];
let current = null;
let chosen = null;

function forget() {
  while (blobs.length) URL.revokeObjectURL(blobs.pop());
}

async function photoImage(photoId, alt) {
  const img = el('img', { alt, class: 'photo', loading: 'lazy' });
  try {
    const url = await imageUrl(photoId);
    blobs.push(url);
    img.src = url;
  } catch (e) {
    img.alt = alt + ' — ' + explain(e);
  }
  return img;
}

function renderFacts(c) {
  const sub = c.subject || {};
  const rows = [
    [t('caseSide'), label('side', c.side)],
    [t('caseStatus'), label('status', c.status)],
    [t('caseRegistered'), date(c.createdAt)],
    [t('sex'), sub.sex ? t('sex' + sub.sex) : t('sexUnknown')],
    [t('birthYearFrom'), sub.birthYearFrom ? sub.birthYearFrom + '–' + sub.birthYearTo : t('ageUnknown')],
    [t('eventDate'), sub.eventDate ? date(sub.eventDate) : ''],
    [t('regionCode'), sub.regionCode || ''],
  ];
  if (sub.location) rows.push([t('location'), sub.location]);
  if (sub.protectedPerson) rows.push([t('protectedPerson'), t('yes')]);
  fill($('facts'), ...rows.flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, v)]));
  fill($('consents'), ...(c.consents || []).map((k) => {
    // Only a guardian's consent waits for a second person's check (rule 3).
    const badge = k.verified ? el('span', { class: 'badge status-open' }, t('consentVerified'))
      : k.basis === 'GUARDIAN_CONSENT' ? el('span', { class: 'badge status-pending' }, t('consentPending')) : null;
    const li = el('li', {}, el('strong', {}, label('basis', k.basis)), ' · ', label('giver', k.givenBy),
      ...(badge ? [' · ', badge] : []));
    if (!k.verified && canVerify && k.basis === 'GUARDIAN_CONSENT') {
      const b = el('button', { type: 'button', class: 'secondary small' }, t('verifyConsent'));
      b.addEventListener('click', async () => {
        $('consent-error').textContent = '';
        try { render(await post(path + '/consents/' + encodeURIComponent(k.id) + '/verification')); } catch (e) {
          if (!redirectFor(e)) $('consent-error').textContent = explain(e);
        }
      });
      li.append(' ', b);
    }
    return li;
  }));
}

async function renderPhotos(c) {
  const photos = c.photos || [];
  // Case searches fuse every photo of the case: fewer than three is a case that could find more.
  $('more-photos').hidden = photos.length >= 3;
  if (!photos.length) { fill($('photos'), el('li', { class: 'muted' }, t('noPhotos'))); return; }
  const items = await Promise.all(photos.map(async (p) => el('li', {},
    await photoImage(p.id, label('source', p.source) + (p.photoYear ? ' ' + p.photoYear : '')),
    el('span', { class: 'caption' }, label('source', p.source) + (p.photoYear ? ' · ' + p.photoYear : '')))));
  fill($('photos'), ...items);
}

async function render(c) {
  current = c;
  forget();
  $('loading').hidden = true;
  $('content').hidden = false;
  renderFacts(c);
  await renderPhotos(c);
  $('search').disabled = c.status !== 'OPEN' || !(c.photos || []).length;
}

// Drag and drop, or the file chooser; the photo is checked by the gateway's quality gate on upload.
const drop = $('drop');
function choose(file) {
  chosen = file;
  $('file-name').textContent = file ? file.name : '';
  resetDraw();
}
$('file').addEventListener('change', () => choose($('file').files[0] || null));
drop.addEventListener('dragover', (e) => { e.preventDefault(); drop.classList.add('over'); });
drop.addEventListener('dragleave', () => drop.classList.remove('over'));
drop.addEventListener('drop', (e) => {
  e.preventDefault();
  drop.classList.remove('over');
  if (e.dataTransfer.files.length) choose(e.dataTransfer.files[0]);
});

// The verdict on the photo: the box the quality gate judged, its issues in words, and, when no face
// was found, a box the user draws (mouse, arrow keys, or the four numbers) to upload the photo again.
const faceTexts = new Map([...document.querySelectorAll('#i18n-face [data-k]')].map((n) => [n.dataset.k, n.textContent]));
const ft = (key) => faceTexts.get(key) || key;
const stage = $('face-stage');
const shown = $('verdict-img');
const boxInputs = { x: $('box-x'), y: $('box-y'), width: $('box-w'), height: $('box-h') };
let size = null; // the photo's size in pixels after EXIF orientation (what boxes are measured in)
let found = null; // the box the gate judged
let drawn = null; // the box drawn by hand
let drawing = false;
let preview = null;

function scale() { return size && shown.clientWidth ? shown.clientWidth / size.width : 0; }

function place(node, box) {
  const s = scale();
  if (!box || !s) { node.hidden = true; return; }
  Object.assign(node.style, { left: box.x * s + 'px', top: box.y * s + 'px', width: box.width * s + 'px', height: box.height * s + 'px' });
  node.hidden = false;
}

function placeAll() {
  place($('face-found'), found);
  place($('face-drawn'), drawn);
}
new ResizeObserver(placeAll).observe(shown);

function resetDraw() {
  drawn = null;
  found = null;
  $('draw').hidden = true;
  stage.classList.remove('drawing');
  $('draw-error').textContent = '';
  placeAll();
}

function showVerdict(v) {
  size = { width: v.width, height: v.height };
  const face = (v.faces || [])[0];
  found = face ? face.box : null;
  fill($('verdict-issues'), ...(face ? face.issues : []).map((i) => el('li', {}, ft('issue_' + i))));
  placeAll();
}

function openDraw() {
  if (!size) size = { width: shown.naturalWidth, height: shown.naturalHeight };
  $('draw').hidden = false;
  stage.classList.add('drawing');
  for (const input of Object.values(boxInputs)) input.max = String(Math.max(size.width, size.height));
  $('draw-lead').textContent = ft('noFaceDraw');
}

function setDrawn(box) {
  const clamp = (v, lo, hi) => Math.min(Math.max(Math.round(v), lo), hi);
  const width = clamp(box.width, 1, size.width);
  const height = clamp(box.height, 1, size.height);
  drawn = { x: clamp(box.x, 0, size.width - width), y: clamp(box.y, 0, size.height - height), width, height };
  for (const [k, input] of Object.entries(boxInputs)) input.value = String(drawn[k]);
  placeAll();
}

function photoPoint(event) {
  const r = shown.getBoundingClientRect();
  const s = scale();
  return { x: (event.clientX - r.left) / s, y: (event.clientY - r.top) / s };
}

let anchor = null;
stage.addEventListener('pointerdown', (e) => {
  if ($('draw').hidden) return;
  e.preventDefault();
  anchor = photoPoint(e);
  drawing = true;
  stage.setPointerCapture(e.pointerId);
});
stage.addEventListener('pointermove', (e) => {
  if (!drawing) return;
  const p = photoPoint(e);
  setDrawn({ x: Math.min(anchor.x, p.x), y: Math.min(anchor.y, p.y), width: Math.abs(p.x - anchor.x), height: Math.abs(p.y - anchor.y) });
});
stage.addEventListener('pointerup', () => {
  if (!drawing) return;
  drawing = false;
  if (drawn) $('face-drawn').focus();
});

// Keyboard: arrows move the box by a hundredth of the photo, Shift with arrows resizes it.
$('face-drawn').addEventListener('keydown', (e) => {
  const moves = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };
  if (!drawn || !moves[e.key]) return;
  e.preventDefault();
  const step = Math.max(1, Math.round(size.width / 100));
  const [dx, dy] = moves[e.key].map((d) => d * step);
  setDrawn(e.shiftKey
    ? { ...drawn, width: drawn.width + dx, height: drawn.height + dy }
    : { ...drawn, x: drawn.x + dx, y: drawn.y + dy });
});

for (const input of Object.values(boxInputs)) {
  input.addEventListener('change', () => {
    const v = Object.fromEntries(Object.entries(boxInputs).map(([k, i]) => [k, Number(i.value)]));
    if (Object.values(v).every((n) => Number.isFinite(n) && n >= 0) && v.width > 0 && v.height > 0) setDrawn(v);
  });
}

async function send(box) {
  const q = new URLSearchParams({ source: $('source').value });
  if ($('photo-year').value) q.set('photoYear', $('photo-year').value);
  if ($('age-at-photo').value) q.set('ageAtPhoto', $('age-at-photo').value);
  if (box) q.set('faceBox', [box.x, box.y, box.width, box.height].join(','));
  const verdict = $('verdict');
  verdict.hidden = false;
  verdict.className = 'verdict';
  if (!box) {
    if (preview) URL.revokeObjectURL(preview);
    preview = URL.createObjectURL(chosen);
    shown.src = preview;
    shown.alt = chosen.name;
    await shown.decode().catch(() => {});
    size = null;
  }
  $('verdict-text').textContent = t('uploading');
  fill($('verdict-issues'));
  $('upload-button').disabled = true;
  $('resubmit').disabled = true;
  try {
    const r = await upload(path + '/photos?' + q, chosen);
    verdict.classList.add('accepted');
    $('verdict-text').textContent = t('verdictAccepted') + (r.verdict && r.verdict.manualBox ? ' ' + ft('manualBoxUsed') : '');
    $('draw').hidden = true;
    stage.classList.remove('drawing');
    if (r.verdict) showVerdict(r.verdict);
    render(await get(path));
  } catch (e) {
    if (redirectFor(e)) return;
    verdict.classList.add('refused');
    const photo = e instanceof ApiError ? e.problem.photo : null;
    if (photo) showVerdict(photo);
    if (e instanceof ApiError && e.slug === 'face-box-invalid') {
      $('verdict-text').textContent = t('verdictRefused') + ' ' + ft('boxInvalid') + ' ' + (e.problem.detail || '');
      $('draw-error').textContent = ft('boxInvalid') + ' ' + (e.problem.detail || '');
    } else {
      $('verdict-text').textContent = t('verdictRefused') + ' ' + explain(e);
      if (e instanceof ApiError && e.slug === 'no-face') openDraw();
    }
    if (photo && (photo.faces || []).length) $('verdict-text').append(' ', ft('issuesLead'));
  } finally {
    $('upload-button').disabled = false;
    $('resubmit').disabled = false;
  }
}

$('upload').addEventListener('submit', async (event) => {
  event.preventDefault();
  if (!chosen) { $('file').focus(); return; }
  resetDraw();
  await send(null);
});

$('draw').addEventListener('submit', async (event) => {
  event.preventDefault();
  $('draw-error').textContent = '';
  if (!drawn) { $('draw-error').textContent = ft('drawFirst'); $('box-x').focus(); return; }
  await send(drawn);
});

// Referral of a candidate to the face examiners: a confirmation with an optional note, then the card says
// "referred" (the search answers the same for a pair already referred, so it holds after a reload too).
const refTexts = new Map([...document.querySelectorAll('#i18n-ref [data-k]')].map((n) => [n.dataset.k, n.textContent]));
const rf = (key) => refTexts.get(key) || key;
const referDialog = $('refer-dialog');
let referring = null;

function referredBadge() {
  return el('span', { class: 'badge referred', tabindex: '-1' }, rf('referred'));
}

function referControl(c, captionId) {
  if (!c.candidate) return null;
  const box = el('p', { class: 'refer', role: 'status' });
  if (c.referred) { box.append(referredBadge()); return box; }
  const button = el('button', { type: 'button', class: 'secondary small', 'aria-describedby': captionId }, rf('referButton'));
  button.addEventListener('click', () => {
    referring = { candidate: c.candidate, box, button };
    $('refer-note').value = '';
    $('refer-error').textContent = '';
    referDialog.showModal();
    $('refer-note').focus();
  });
  box.append(button);
  return box;
}

$('refer-cancel').addEventListener('click', () => referDialog.close());
referDialog.addEventListener('close', () => {
  // Focus goes back to where the user was: the button, or the card's new "referred" state.
  if (referring) (referring.box.querySelector('button, .badge') || referring.box).focus();
  referring = null;
});
$('refer-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  if (!referring) return;
  const { candidate, box } = referring;
  const note = $('refer-note').value.trim();
  $('refer-confirm').disabled = true;
  $('refer-error').textContent = rf('referring');
  try {
    await post(path + '/referrals', note ? { candidate, note } : { candidate });
    fill(box, referredBadge());
    referDialog.close();
  } catch (e) {
    if (redirectFor(e)) return;
    $('refer-error').textContent = e instanceof ApiError && e.slug === 'candidate-not-searchable' ? rf('notSearchable')
      : e instanceof ApiError && e.status === 404 ? rf('candidateGone') : explain(e);
  } finally {
    $('refer-confirm').disabled = false;
  }
});

$('search').addEventListener('click', async () => {
  $('search-error').textContent = '';
  $('search-status').textContent = t('searching');
  fill($('results'));
  try {
    const result = await post(path + '/searches');
    const probe = (current.photos || [])[0];
    const probeCard = el('figure', { class: 'candidate probe' },
      probe ? await photoImage(probe.id, t('probe')) : el('div', { class: 'photo empty' }),
      el('figcaption', {}, el('strong', {}, t('probe')), el('br'), el('code', {}, caseId)));
    const cards = await Promise.all((result.candidates || []).map(async (c) => {
      const facts = [];
      if (c.band) facts.push(el('span', { class: 'badge band-' + c.band.toLowerCase() }, label('band', c.band)));
      if (c.score !== undefined && c.score !== null) facts.push(el('span', { class: 'score' }, t('score') + ' ' + number(c.score, 3)));
      facts.push(el('span', { class: 'muted' }, label('display', c.display)));
      const img = c.display === 'METADATA' || !c.photoId
        ? el('div', { class: 'photo empty', role: 'img', 'aria-label': label('display', 'METADATA') })
        : await photoImage(c.photoId, t('candidate', c.rank));
      const reasons = (c.reasons || []).length
        ? el('p', { class: 'reasons' }, t('reasons') + ': ' + c.reasons.map((r) => label('reason', r)).join(lang.startsWith('zh') ? '；' : '; ')) : null;
      const where = c.location === 'under review'
        ? el('p', { class: 'badge status-pending' }, t('underReview'))
        : c.location ? el('p', {}, c.location) : null;
      const captionId = 'candidate-' + c.rank;
      return el('figure', { class: 'candidate' }, img,
        el('figcaption', {}, el('strong', { id: captionId }, t('candidate', c.rank)), ' ', el('code', {}, c.caseId), el('br'),
          ...facts.flatMap((f) => [f, ' ']), reasons, where, c.regionCode ? el('p', { class: 'muted' }, c.regionCode) : null,
          referControl(c, captionId)));
    }));
    fill($('results'), probeCard, ...(cards.length ? cards : [el('p', { class: 'muted' }, t('noCandidates'))]));
    $('search-status').textContent = cards.length ? '' : t('noCandidates');
  } catch (e) {
    $('search-status').textContent = '';
    if (!redirectFor(e)) $('search-error').textContent = explain(e);
  }
});

try {
  await render(await get(path));
} catch (e) {
  if (!redirectFor(e)) {
    $('loading').hidden = true;
    $('not-found').hidden = false;
    $('not-found-text').textContent = e instanceof ApiError && e.status === 404 ? t('notFoundText') : explain(e);
    document.title = t('notFoundTitle') + ' · Homeward';
  }
}
ready();
