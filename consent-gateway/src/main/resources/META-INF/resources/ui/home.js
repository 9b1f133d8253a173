import { t } from './i18n.js';
import { homeOf, ready, session } from './shell.js';

const s = await session();
const home = homeOf(s.account.role);
if (home !== '/home') location.replace(home);
else document.getElementById('status').textContent = t('homeNotYet');
ready();
