// Helpers of the crops steps (the examiner's aligned faces): what the two frames show, read from the page.

/** The two frames' images: natural sizes and zoom, once both hold a loaded blob: image. */
export async function frames(page) {
  await page.waitForFunction(() => ['face-missing', 'face-found'].every((id) => {
    const img = document.getElementById(id);
    return img.src.startsWith('blob:') && img.complete && img.naturalWidth > 0;
  }));
  return page.evaluate(() => ['face-missing', 'face-found'].map((id) => {
    const img = document.getElementById(id);
    return { src: img.src, width: img.naturalWidth, height: img.naturalHeight, zoom: img.style.getPropertyValue('--zoom'), alt: img.alt };
  }));
}

/** Waits until both frames show images other than {@code before} (another view was chosen). */
export async function framesChanged(page, before) {
  const old = before.map((f) => f.src);
  await page.waitForFunction((o) => ['face-missing', 'face-found'].every((id, i) => {
    const img = document.getElementById(id);
    return img.src.startsWith('blob:') && img.src !== o[i] && img.complete && img.naturalWidth > 0;
  }), old);
  return frames(page);
}

/** GET from the page (the session's cookie and purpose header): status and problem detail. */
export async function apiGet(page, path) {
  return page.evaluate(async (p) => {
    const r = await fetch(p, { headers: { 'Homeward-Purpose': 'CANDIDATE_VERIFICATION' }, cache: 'no-store' });
    let detail = '';
    if (!r.ok) { try { detail = (await r.json()).detail || ''; } catch { detail = ''; } }
    return { status: r.status, type: r.headers.get('Content-Type'), cache: r.headers.get('Cache-Control'), detail };
  }, path);
}

/** The id of the open review item of the pair whose missing case is {@code missing}, from the API. */
export async function reviewOf(page, missing) {
  return page.evaluate(async (m) => {
    const r = await fetch('/api/v1/reviews?limit=200', { headers: { 'Homeward-Purpose': 'CANDIDATE_VERIFICATION' }, cache: 'no-store' });
    const items = await r.json();
    const item = (Array.isArray(items) ? items : items.items || []).find((i) => i.missingCaseId === m);
    return item ? item.id : null;
  }, missing);
}
