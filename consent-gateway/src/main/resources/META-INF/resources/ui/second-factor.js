import { explain, post } from './api.js';
import { t } from './i18n.js';
import { homeOf, ready, session } from './shell.js';

const error = document.getElementById('error');
const s = await session();

document.getElementById('start').addEventListener('click', async () => {
  error.textContent = '';
  try {
    const enrolment = await post('/api/v1/session/totp');
    // Groups of four, as authenticator apps show them, for typing by hand.
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
