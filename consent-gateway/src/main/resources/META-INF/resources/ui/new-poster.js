// A police alert poster (PRIVACY.md rule 15): an open missing case, one of its photos, the police unit's contact and
// a justification; the gateway decides and audits. Published, it opens as its printable page.
import { explain, get, post } from './api.js';
import { dateTime } from './i18n.js';
import { px } from './prv.js';
import { el, fill, ready, redirectFor, session } from './shell.js';

await session();
const $ = (id) => document.getElementById(id);
const error = $('error');

$('load-photos').addEventListener('click', async () => {
  error.textContent = '';
  const caseId = $('case-id').value.trim();
  if (!caseId) return;
  try {
    const photos = await get('/api/v1/cases/' + encodeURIComponent(caseId) + '/photos?limit=50');
    const list = Array.isArray(photos) ? photos : [];
    fill($('photo'), ...list.map((p) => el('option', { value: p.id }, p.id + ' · ' + dateTime(p.createdAt))));
    if (!list.length) error.textContent = px('noPosterPhotos');
  } catch (e) {
    if (!redirectFor(e)) error.textContent = explain(e);
  }
});

$('poster').addEventListener('submit', async (event) => {
  event.preventDefault();
  error.textContent = '';
  $('publish').disabled = true;
  try {
    const p = await post('/api/v1/posters', {
      caseId: $('case-id').value.trim(),
      photoId: $('photo').value,
      policeUnit: $('unit').value,
      unitContact: $('contact').value,
      justification: $('justification').value,
      validDays: Number($('days').value),
    });
    location.assign('/posters/' + encodeURIComponent(p.id));
  } catch (e) {
    if (!redirectFor(e)) error.textContent = explain(e);
  } finally {
    $('publish').disabled = false;
  }
});

ready();
