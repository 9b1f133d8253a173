import { ApiError, explain, get, post } from './api.js';
import { afterSignIn, ready } from './shell.js';

const form = document.getElementById('signin');
const error = document.getElementById('error');
const totpField = document.getElementById('totp-field');

// First start: no account exists yet, so there is nobody to sign in; the one-time link leads to setup.
get('/api/v1/setup').then((s) => {
  if (s && s.open) location.replace('/setup' + location.hash);
}).catch(() => {});

if (form) {
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.textContent = '';
    const body = {
      username: document.getElementById('username').value.trim(),
      password: document.getElementById('password').value,
    };
    const code = document.getElementById('totp').value.trim();
    if (code) body.totp = code;
    try {
      const session = await post('/api/v1/session', body);
      location.assign(afterSignIn(session));
    } catch (e) {
      if (e instanceof ApiError && e.slug === 'second-factor-required') {
        const first = totpField.hidden;
        totpField.hidden = false;
        error.textContent = explain(e);
        if (first) { document.getElementById('totp').focus(); return; }
      } else {
        error.textContent = explain(e);
      }
      document.getElementById('password').select();
    }
  });
  document.getElementById('username').focus();
}
ready();
