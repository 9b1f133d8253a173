import { explain, get, post } from './api.js';
import { t } from './i18n.js';
import { afterSignIn, ready } from './shell.js';

const form = document.getElementById('setup');
const error = document.getElementById('error');
// The token travels in the fragment so that no server log or Referer ever holds it; it leaves the address bar at once.
const token = new URLSearchParams(location.hash.slice(1)).get('token');
if (token) history.replaceState(null, '', '/setup');
// The link opened over this page changes only the fragment: read it afresh.
window.addEventListener('hashchange', () => location.reload());

get('/api/v1/setup').then((s) => {
  if (!s.open) { error.textContent = t('setupClosed'); form.hidden = true; }
  else if (!token) { error.textContent = t('setupNoToken'); form.hidden = true; }
}).catch((e) => { error.textContent = explain(e); });

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  error.textContent = '';
  const username = document.getElementById('username').value.trim();
  const password = document.getElementById('password').value;
  if (password !== document.getElementById('password2').value) {
    error.textContent = t('passwordsDiffer');
    return;
  }
  try {
    await post('/api/v1/setup', { token, username, password });
    const session = await post('/api/v1/session', { username, password });
    location.assign(afterSignIn(session));
  } catch (e) {
    error.textContent = explain(e);
  }
});
document.getElementById('username').focus();
ready();
