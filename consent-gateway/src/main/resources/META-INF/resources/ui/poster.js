// The printable police alert poster (PRIVACY.md rule 15): the watermarked image and the police unit's contact, only
// while the poster is active (an expired or withdrawn one is refused by the gateway).
import { ApiError, explain, get } from './api.js';
import { date } from './i18n.js';
import { px } from './prv.js';
import { ready, redirectFor, session } from './shell.js';

await session();
const $ = (id) => document.getElementById(id);
const id = decodeURIComponent(location.pathname.split('/').pop());

async function image(path) {
  // The image endpoint needs the purpose header, which an <img src> cannot send: police print for identification.
  const response = await fetch(path, {
    credentials: 'same-origin', cache: 'no-store', headers: { 'Homeward-Purpose': 'IDENTIFICATION' },
  });
  if (!response.ok) throw new ApiError(response.status, await response.json().catch(() => ({})));
  return URL.createObjectURL(await response.blob());
}

try {
  const p = await get('/api/v1/posters/' + encodeURIComponent(id));
  $('poster-unit').textContent = p.policeUnit;
  $('poster-contact').textContent = p.unitContact;
  $('poster-validity').textContent = px('posterValidity', date(p.expiresAt), p.id);
  const img = $('poster-image');
  const loaded = new Promise((resolve) => { img.addEventListener('load', resolve, { once: true }); });
  img.src = await image('/api/v1/posters/' + encodeURIComponent(id) + '/image');
  await loaded;
  $('poster').hidden = false;
} catch (e) {
  if (!redirectFor(e)) $('error').textContent = explain(e);
}
$('print').addEventListener('click', () => window.print());
ready();
