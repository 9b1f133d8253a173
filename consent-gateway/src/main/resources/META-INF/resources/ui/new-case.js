// A guided registration: the choices offered follow PRIVACY.md rules 2 to 4 (the age decides the legal bases and
// who may give them). The gateway decides for itself; a refusal it answers is shown with the rule that decided.
import { explain, post } from './api.js';
import { label, t } from './i18n.js';
import { el, fill, ready, redirectFor, session } from './shell.js';

const s = await session();
const police = s.account.role === 'POLICE_INVESTIGATOR';
const form = document.getElementById('case-form');
const error = document.getElementById('error');
const $ = (id) => document.getElementById(id);
let step = 1;

document.getElementById('pcn-field').hidden = !police;

/** The subject's age today from the youngest end of the birth-year range; null when unknown. */
function age() {
  const to = parseInt($('by-to').value || $('by-from').value, 10);
  if (!to) return null;
  return new Date().getFullYear() - to;
}

/** The legal bases and, per basis, the givers the rules allow for this subject and this role. */
function allowed() {
  const a = age();
  const child = a === null || a < 14 || $('lacks-capacity').checked;
  const options = new Map();
  if (child) {
    options.set('GUARDIAN_CONSENT', ['GUARDIAN', 'STATUTORY_WELFARE_GUARDIAN']);
  } else if (a < 18) {
    options.set('CONSENT', ['SUBJECT']);
    options.set('GUARDIAN_CONSENT', ['STATUTORY_WELFARE_GUARDIAN']);
  } else {
    options.set('CONSENT', ['SUBJECT']);
  }
  if (police) {
    options.set('STATUTORY_DUTY', ['POLICE']);
    options.set('VITAL_EMERGENCY', ['POLICE']);
  }
  return options;
}

function explainRules() {
  const a = age();
  const lines = [];
  if (a === null) lines.push(t('ageUnknown'));
  else lines.push(t('ageNow', a));
  if (a === null || a < 14 || $('lacks-capacity').checked) lines.push(t('ruleUnder14'));
  else if (a < 18) lines.push(t('rule14to17'));
  else lines.push(t('ruleAdult'));
  if (police) lines.push(t('rulePolice'));
  lines.push(t('ruleCaretaker'));
  fill($('rules'), ...lines.map((l) => el('p', {}, l)));
}

function offerBases() {
  const options = allowed();
  const previous = $('basis').value;
  fill($('basis'), ...[...options.keys()].map((b) => el('option', { value: b }, label('basis', b))));
  if (options.has(previous)) $('basis').value = previous;
  offerGivers();
}

function offerGivers() {
  const givers = allowed().get($('basis').value) || [];
  fill($('given-by'), ...givers.map((g) => el('option', { value: g }, label('giver', g))));
  $('relationship-field').hidden = $('basis').value !== 'GUARDIAN_CONSENT';
  $('justification-field').hidden = $('basis').value !== 'VITAL_EMERGENCY';
}

$('basis').addEventListener('change', offerGivers);

function value(id) {
  const v = $(id).value.trim();
  return v === '' ? undefined : v;
}

function request() {
  const side = form.querySelector('input[name=side]:checked').value;
  const from = parseInt($('by-from').value, 10);
  const to = parseInt($('by-to').value, 10);
  return {
    side,
    policeCaseNumber: police ? value('pcn') : undefined,
    subject: {
      sex: value('sex'),
      birthYearFrom: Number.isNaN(from) ? (Number.isNaN(to) ? undefined : to) : from,
      birthYearTo: Number.isNaN(to) ? (Number.isNaN(from) ? undefined : from) : to,
      eventDate: value('event-date'),
      regionCode: value('region'),
      location: value('location'),
      lacksCapacity: $('lacks-capacity').checked || undefined,
      protectedPerson: $('protected').checked || undefined,
    },
    consent: {
      basis: $('basis').value,
      givenBy: $('given-by').value,
      relationship: $('basis').value === 'GUARDIAN_CONSENT' ? value('relationship') : undefined,
      justification: $('basis').value === 'VITAL_EMERGENCY' ? value('justification') : undefined,
      trainingConsent: $('training').checked || undefined,
    },
  };
}

function summary() {
  const r = request();
  const sub = r.subject;
  const rows = [
    [t('sideQuestion'), label('side', r.side)],
    [t('sex'), sub.sex ? t('sex' + sub.sex) : t('sexUnknown')],
    [t('birthYearFrom'), sub.birthYearFrom ? sub.birthYearFrom + '–' + sub.birthYearTo : t('ageUnknown')],
    [t('eventDate'), sub.eventDate || ''],
    [t('regionCode'), sub.regionCode || ''],
    [t('basis'), label('basis', r.consent.basis)],
    [t('givenBy'), label('giver', r.consent.givenBy)],
  ];
  if (r.policeCaseNumber) rows.splice(1, 0, [t('policeCaseNumber'), r.policeCaseNumber]);
  fill($('summary'), ...rows.flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, v)]));
}

function show(n) {
  step = n;
  for (const fs of form.querySelectorAll('fieldset')) fs.hidden = Number(fs.dataset.step) !== n;
  for (const li of document.querySelectorAll('.steps li')) {
    if (Number(li.dataset.step) === n) li.setAttribute('aria-current', 'step');
    else li.removeAttribute('aria-current');
  }
  $('back').hidden = n === 1;
  $('next').hidden = n === 4;
  $('register').hidden = n !== 4;
  if (n === 3) { explainRules(); offerBases(); }
  if (n === 4) summary();
  error.textContent = '';
  const firstInput = form.querySelector('fieldset[data-step="' + n + '"] input, fieldset[data-step="' + n + '"] select');
  if (firstInput) firstInput.focus();
}

$('next').addEventListener('click', () => show(Math.min(4, step + 1)));
$('back').addEventListener('click', () => show(Math.max(1, step - 1)));

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  if (step !== 4) { show(step + 1); return; }
  error.textContent = '';
  try {
    const created = await post('/api/v1/cases', request());
    location.assign('/cases/' + encodeURIComponent(created.id));
  } catch (e) {
    if (!redirectFor(e)) error.textContent = explain(e);
  }
});
show(1);
ready();
