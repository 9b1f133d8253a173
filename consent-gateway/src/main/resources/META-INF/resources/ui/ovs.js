// The oversight pages' shared parts: their texts (rendered into the page by OversightPages/texts.html),
// one audit record as a table row, and the audit records' query built from a filter form.
import { call } from './api.js';
import { dateTime, label, t } from './i18n.js';
import { el } from './shell.js';

const texts = new Map();
for (const node of document.querySelectorAll('#ovs-texts [data-k]')) texts.set(node.dataset.k, node.textContent);

/** The oversight text for a key, with $1, $2... replaced; falls back to the common texts. */
export function tx(key, ...args) {
  let s = texts.has(key) ? texts.get(key) : t(key);
  args.forEach((a, i) => { s = s.replaceAll('$' + (i + 1), String(a)); });
  return s;
}

/** A date input's value (YYYY-MM-DD, the reader's day) as the instant its day starts; days after for "to". */
export function dayStart(value, daysAfter = 0) {
  if (!value) return null;
  const d = new Date(value + 'T00:00:00');
  if (Number.isNaN(d.getTime())) return null;
  d.setDate(d.getDate() + daysAfter);
  return d.toISOString();
}

/** The query string of the audit records' filters (empty values left out). */
export function query(filters, cursor, limit) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(filters)) if (v) q.set(k, v);
  if (cursor) q.set('cursor', cursor);
  if (limit) q.set('limit', String(limit));
  const s = q.toString();
  return '/api/v1/oversight/audit/records' + (s ? '?' + s : '');
}

/** One page of audit records and the next page's cursor (or null). */
export async function records(filters, cursor, limit) {
  const { body, response } = await call('GET', query(filters, cursor, limit));
  return { items: Array.isArray(body) ? body : [], next: response.headers.get('Homeward-Next-Cursor') };
}

/** The chain's status in words. */
export function chainText(c) {
  // Audit retention: records older than the period were removed under a signed anchor; the chain verifies from it.
  const counts = tx('chainCounts', c.records, c.checkpoints)
    + (c.anchor ? ' ' + tx('anchored', c.anchor.seq, dateTime(c.anchor.removedBefore), dateTime(c.anchor.signedAt)) : '');
  if (c.intact) return tx('intact') + ' ' + counts;
  const at = c.firstBrokenSequence != null ? ' ' + tx('brokenAt', c.firstBrokenSequence) : '';
  return tx('broken') + at + (c.problem ? ' (' + c.problem + ')' : '') + ' ' + counts;
}

/** The personal fields: opened, a tombstone (the subject's key destroyed), unreadable (altered), or none. */
function personal(p) {
  if (!p) return '';
  if (p.tombstone) return el('span', { class: 'tombstone' }, tx('tombstone'));
  if (p.disclosure === 'NONE') return '';
  if (p.disclosure === 'UNREADABLE') return el('span', { class: 'error' }, tx('unreadable'));
  if (p.disclosure !== 'REVEALED') return el('span', { class: 'muted' }, tx('sealed'));
  const parts = [];
  if (p.subjectIds && p.subjectIds.length) parts.push(tx('subjects') + ': ' + p.subjectIds.join(', '));
  if (p.candidates && p.candidates.length) parts.push(tx('candidates') + ': ' + p.candidates.join(', '));
  if (p.verdicts && p.verdicts.length) parts.push(tx('verdicts') + ': ' + p.verdicts.join(', '));
  if (p.justification) parts.push(tx('justification') + ': ' + p.justification);
  return el('span', { class: 'opened' }, tx('opened') + (parts.length ? ' — ' + parts.join('; ') : ''));
}

/** One audit record as a table row. */
export function recordRow(r) {
  const decision = el('span', { class: r.decision === 'DENIED' ? 'badge denied' : 'badge allowed' }, tx(r.decision));
  return el('tr', { dataset: { seq: String(r.seq) } },
    el('td', {}, String(r.seq)),
    el('td', {}, dateTime(r.at)),
    el('td', {}, r.actorId || ''),
    el('td', {}, label('role', r.role)),
    el('td', {}, r.organisation || ''),
    el('td', {}, r.action),
    el('td', {}, decision, r.override ? ' ' + tx('override') : ''),
    el('td', {}, r.caseId || ''),
    el('td', {}, r.purpose || ''),
    el('td', {}, r.detail || ''),
    el('td', {}, personal(r.personal)));
}
