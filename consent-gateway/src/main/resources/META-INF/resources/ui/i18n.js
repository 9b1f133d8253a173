// Texts come from the page (rendered from the message bundle in the reader's language); dates and numbers
// are formatted by the browser's Intl for that language.
const texts = new Map();
for (const el of document.querySelectorAll('#i18n [data-k]')) texts.set(el.dataset.k, el.textContent);

export const lang = document.documentElement.lang || 'zh-CN';

/** The text for a key, with $1, $2... replaced; the key itself when the page lacks it. */
export function t(key, ...args) {
  let s = texts.has(key) ? texts.get(key) : key;
  args.forEach((a, i) => { s = s.replaceAll('$' + (i + 1), String(a)); });
  return s;
}

/** The text for an enum value (e.g. t('status', 'OPEN')), or the value itself. */
export function label(kind, value) {
  const key = kind + '_' + value;
  return texts.has(key) ? texts.get(key) : value;
}

export function date(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(lang, { dateStyle: 'medium' }).format(d);
}

export function dateTime(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' }).format(d);
}

export function number(n, digits = 0) {
  return new Intl.NumberFormat(lang, { maximumFractionDigits: digits, minimumFractionDigits: digits }).format(n);
}

// ISO-8601 durations as Java writes them (PT720H, PT15M, PT0.5S, P3D): the largest whole unit, in words of the
// reader's language ("30 days", "30天"); the ISO text itself when it is not one.
const DURATION = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;
export function duration(iso) {
  const m = DURATION.exec(iso || '');
  if (!m || iso === 'P' || iso.endsWith('T')) return iso || '';
  const seconds = (+(m[1] || 0)) * 86400 + (+(m[2] || 0)) * 3600 + (+(m[3] || 0)) * 60 + (+(m[4] || 0));
  const units = [['day', 86400], ['hour', 3600], ['minute', 60], ['second', 1]];
  const [unit, size] = units.find(([, s]) => seconds >= s && seconds % s === 0) || ['second', 1];
  return new Intl.NumberFormat(lang, { style: 'unit', unit, unitDisplay: 'long', maximumFractionDigits: 3 })
    .format(seconds / size);
}
