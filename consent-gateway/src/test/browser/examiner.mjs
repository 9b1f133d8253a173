// Helpers of the examiner steps in flows.mjs: the review page's own texts, and the FISWG form.

/** The review page's text for a key, in its language (from the page's review text block). */
export async function reviewText(page, key) {
  return page.locator('#rvw-i18n [data-k="' + key + '"]').textContent();
}

/** Marks features on the FISWG form: [feature, assessment, note?] each. */
export async function observe(page, observations) {
  for (const [feature, assessment, note] of observations) {
    await page.check('#f-' + feature + '-' + assessment);
    if (note) await page.fill('#n-' + feature, note);
  }
}
