import { explain, post } from './api.js';
import { t } from './i18n.js';
import { homeOf, ready, session } from './shell.js';

const error = document.getElementById('error');
const s = await session();

// The server sends the code's modules (rows of '1' dark, '0' light); drawn here, with the four-module quiet zone
// readers need, so the secret is never an image file that could be cached or fetched again.
function drawQr(canvas, rows) {
  const quiet = 4;
  const scale = 6;
  const n = rows.length;
  canvas.width = canvas.height = (n + 2 * quiet) * scale;
  const g = canvas.getContext('2d');
  g.fillStyle = '#fff';
  g.fillRect(0, 0, canvas.width, canvas.height);
  g.fillStyle = '#000';
  rows.forEach((row, y) => {
    for (let x = 0; x < n; x++) {
      if (row[x] === '1') g.fillRect((x + quiet) * scale, (y + quiet) * scale, scale, scale);
    }
  });
}

document.getElementById('start').addEventListener('click', async () => {
  error.textContent = '';
  try {
    const enrolment = await post('/api/v1/session/totp');
    // Groups of four, as authenticator apps show them, for typing by hand.
    drawQr(document.getElementById('qr'), enrolment.qr);
    document.getElementById('secret').textContent = enrolment.secret.replace(/(.{4})/g, '$1 ').trim();
    document.getElementById('uri').textContent = enrolment.otpauthUri;
    document.getElementById('enrol').hidden = false;
    document.getElementById('start').hidden = true;
    document.getElementById('code').focus();
  } catch (e) {
    error.textContent = explain(e);
  }
});

document.getElementById('confirm').addEventListener('submit', async (event) => {
  event.preventDefault();
  error.textContent = '';
  try {
    await post('/api/v1/session/totp/confirm', { code: document.getElementById('code').value.trim() });
    document.getElementById('done').textContent = t('sfDone');
    setTimeout(() => location.assign(homeOf(s.account.role)), 800);
  } catch (e) {
    error.textContent = explain(e);
  }
});
ready();
