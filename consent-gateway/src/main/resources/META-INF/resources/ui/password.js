import { explain, post } from './api.js';
import { t } from './i18n.js';
import { homeOf, pendingStep, ready, session } from './shell.js';

const error = document.getElementById('error');
const s = await session();

document.getElementById('password-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  error.textContent = '';
  const next = document.getElementById('next').value;
  if (next !== document.getElementById('next2').value) {
    error.textContent = t('passwordsDiffer');
    return;
  }
  try {
    await post('/api/v1/session/password', { current: document.getElementById('current').value, next });
    const after = pendingStep({ ...s.account, mustChangePassword: false });
    location.assign(after || homeOf(s.account.role));
  } catch (e) {
    error.textContent = explain(e);
  }
});
document.getElementById('current').focus();
ready();
