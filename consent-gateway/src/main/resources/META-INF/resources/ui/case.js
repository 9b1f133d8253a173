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
}
$('file').addEventListener('change', () => choose($('file').files[0] || null));
drop.addEventListener('dragover', (e) => { e.preventDefault(); drop.classList.add('over'); });
drop.addEventListener('dragleave', () => drop.classList.remove('over'));
drop.addEventListener('drop', (e) => {
  e.preventDefault();
  drop.classList.remove('over');
  if (e.dataTransfer.files.length) choose(e.dataTransfer.files[0]);
});

$('upload').addEventListener('submit', async (event) => {
  event.preventDefault();
  if (!chosen) { $('file').focus(); return; }
  const q = new URLSearchParams({ source: $('source').value });
  if ($('photo-year').value) q.set('photoYear', $('photo-year').value);
  if ($('age-at-photo').value) q.set('ageAtPhoto', $('age-at-photo').value);
  const preview = URL.createObjectURL(chosen);
  const verdict = $('verdict');
  verdict.hidden = false;
  verdict.className = 'verdict';
  $('verdict-img').src = preview;
  $('verdict-img').alt = chosen.name;
  $('verdict-text').textContent = t('uploading');
  $('upload-button').disabled = true;
  try {
    await upload(path + '/photos?' + q, chosen);
    verdict.classList.add('accepted');
    $('verdict-text').textContent = t('verdictAccepted');
    render(await get(path));
  } catch (e) {
    if (redirectFor(e)) return;
    verdict.classList.add('refused');
    $('verdict-text').textContent = t('verdictRefused') + ' ' + explain(e);
  } finally {
    $('upload-button').disabled = false;
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
      return el('figure', { class: 'candidate' }, img,
        el('figcaption', {}, el('strong', {}, t('candidate', c.rank)), ' ', el('code', {}, c.caseId), el('br'),
          ...facts.flatMap((f) => [f, ' ']), reasons, where, c.regionCode ? el('p', { class: 'muted' }, c.regionCode) : null));
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
