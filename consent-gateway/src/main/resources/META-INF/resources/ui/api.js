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

function requestKey() {
  if (crypto.randomUUID) return crypto.randomUUID();
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Uploads raw image bytes (the enrolment endpoint takes the image as the body), named by one
 * Idempotency-Key: when the answer is lost (the network, a gateway restarting) or is a 503, the same
 * upload is sent again with the same key, at most three times in all, waiting as Retry-After says.
 * The gateway stores a repeated upload once and answers it with the photo the first one stored.
 */
export async function upload(path, file) {
  const key = requestKey();
  for (let attempt = 1; ; attempt++) {
    let response;
    try {
      response = await fetch(path, {
        method: 'POST', credentials: 'same-origin', cache: 'no-store',
        headers: headers('POST', { 'Content-Type': file.type || 'application/octet-stream', 'Idempotency-Key': key }),
        body: file,
      });
    } catch (lost) {
      if (attempt >= 3) throw lost;
      await new Promise((done) => setTimeout(done, 1000 * attempt));
      continue;
    }
    if (response.status === 503 && attempt < 3) {
      const wait = Math.min(5, Number(response.headers.get('Retry-After')) || attempt);
      await new Promise((done) => setTimeout(done, 1000 * wait));
      continue;
    }
    if (!response.ok) throw await failure(response);
    return response.json();
  }
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
