// The pages speak to the same REST API as programs: the session cookie identifies the user, every
// state change carries the session's CSRF token, every request names the purpose the user's role works for.
// Nothing is kept in the browser's storage: the token lives in this module's memory for one page.
import { t } from './i18n.js';

const PURPOSE_BY_ROLE = {
  NGO_VOLUNTEER: 'FAMILY_TRACING',
  NGO_CASEWORKER: 'FAMILY_TRACING',
  POLICE_INVESTIGATOR: 'IDENTIFICATION',
  FACE_EXAMINER: 'CANDIDATE_VERIFICATION',
  PRIVACY_OFFICER: 'PRIVACY_AUDIT',
  ADMIN: 'ADMINISTRATION',
  ADMINISTRATOR: 'ADMINISTRATION',
};

let csrf = null;
let purpose = null;

/** A refusal from the API: its HTTP status and its problem body. */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem.detail || problem.title || String(status));
    this.status = status;
    this.problem = problem;
    this.slug = String(problem.type || '').split('/').pop();
  }
}

/** Remembers what the signed-in session answered (the CSRF token, the role's purpose). */
export function remember(session) {
  csrf = session.csrfToken || null;
  purpose = session.account ? PURPOSE_BY_ROLE[session.account.role] || null : null;
}

function headers(method, extra) {
  const h = new Headers(extra || {});
  if (purpose && !h.has('Homeward-Purpose')) h.set('Homeward-Purpose', purpose);
  if (csrf && method !== 'GET' && method !== 'HEAD') h.set('Homeward-CSRF', csrf);
  return h;
}

async function failure(response) {
  let problem = {};
  try { problem = await response.json(); } catch { problem = { title: response.statusText }; }
  return new ApiError(response.status, problem);
}

/** Calls the API with a JSON body (or none); answers the parsed body, or null for 204. */
export async function call(method, path, body) {
  const init = { method, credentials: 'same-origin', cache: 'no-store', headers: headers(method) };
  if (body !== undefined) {
    init.headers.set('Content-Type', 'application/json');
    init.body = JSON.stringify(body);
  }
  const response = await fetch(path, init);
  if (!response.ok) throw await failure(response);
  if (response.status === 204) return { body: null, response };
  const type = response.headers.get('Content-Type') || '';
  return { body: type.includes('json') ? await response.json() : null, response };
}

export async function get(path) { return (await call('GET', path)).body; }
export async function post(path, body) { return (await call('POST', path, body)).body; }
export async function put(path, body) { return (await call('PUT', path, body)).body; }

/** Uploads raw image bytes (the enrolment endpoint takes the image as the body). */
export async function upload(path, file) {
  const response = await fetch(path, {
    method: 'POST', credentials: 'same-origin', cache: 'no-store',
    headers: headers('POST', { 'Content-Type': file.type || 'application/octet-stream' }),
    body: file,
  });
  if (!response.ok) throw await failure(response);
  return response.json();
}

/**
 * A photo as a blob: URL (the image endpoint needs the purpose header, which an <img src> cannot send).
 * The caller revokes it when the image leaves the page.
 */
export async function imageUrl(photoId) {
  return blobUrl('/api/v1/photos/' + encodeURIComponent(photoId) + '/image');
}

/** Any image of the API (a photo, an aligned face) as a blob: URL; the caller revokes it. */
export async function blobUrl(path) {
  const response = await fetch(path, { credentials: 'same-origin', cache: 'no-store', headers: headers('GET') });
  if (!response.ok) throw await failure(response);
  return URL.createObjectURL(await response.blob());
}

/** A refusal in the reader's words: the known ones by their problem type, else the detail and the trace id. */
export function explain(error) {
  if (!(error instanceof ApiError)) return t('problem_other') + ' ' + (error && error.message ? error.message : '');
  const key = 'problem_' + error.slug.replaceAll('-', '_');
  const known = t(key);
  if (known !== key) {
    return error.slug === 'policy-denied' && error.problem.detail ? known + ' ' + error.problem.detail : known;
  }
  const trace = error.problem.traceId ? ' (' + error.problem.traceId + ')' : '';
  return (error.problem.detail || error.problem.title || t('problem_other')) + trace;
}
