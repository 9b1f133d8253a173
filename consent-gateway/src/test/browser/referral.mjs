// Helpers of the referral steps in flows.mjs: a found person's case with a photo, registered by the police through
// the API as a page's script would (session cookie, CSRF header, the purpose the rules ask for), so that the
// caseworker's search has a new candidate to refer; and the candidate cards of a search.

/** Registers a found adult's case and enrols one photo (base64 JPEG) in it; answers the case id. */
export async function foundCaseWithPhoto(page, jpegBase64) {
  return page.evaluate(async (b64) => {
    const session = await (await fetch('/api/v1/session', { cache: 'no-store' })).json();
    const headers = { 'Homeward-Purpose': 'IDENTIFICATION', 'Homeward-CSRF': session.csrfToken };
    const created = await fetch('/api/v1/cases', {
      method: 'POST', cache: 'no-store', headers: { ...headers, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        side: 'FOUND', policeCaseNumber: 'PC-UI-REF',
        subject: { sex: 'M', birthYearFrom: 1960, birthYearTo: 1962, eventDate: '2024-04-01', regionCode: 'CN-44' },
        consent: { basis: 'STATUTORY_DUTY', givenBy: 'POLICE' },
      }),
    });
    if (created.status !== 201) throw new Error('case: ' + created.status + ' ' + (await created.text()));
    const id = (await created.json()).id;
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const photo = await fetch('/api/v1/cases/' + id + '/photos?source=POLICE&photoYear=2024', {
      method: 'POST', cache: 'no-store', headers: { ...headers, 'Content-Type': 'image/jpeg' }, body: bytes,
    });
    if (photo.status !== 201) throw new Error('photo: ' + photo.status + ' ' + (await photo.text()));
    return id;
  }, jpegBase64);
}

/** The referral texts of the case page, in its language. */
export async function referralText(page, key) {
  return page.locator('#i18n-ref [data-k="' + key + '"]').textContent();
}

/** The review queue's origin texts, in its language. */
export async function originText(page, origin) {
  return page.locator('#ref-i18n [data-k="origin_' + origin + '"]').textContent();
}

/** Runs the case page's search until a candidate card names the case (its photo is indexed within seconds). */
export async function searchUntilCandidate(page, open, path, caseId) {
  for (let i = 0; i < 15; i++) {
    await open(page, path);
    await page.locator('#content').waitFor({ state: 'visible' });
    await page.click('#search');
    await page.locator('#results figure.probe, #search-error:not(:empty)').first().waitFor({ timeout: 60000 });
    const card = page.locator('#results figure.candidate:not(.probe)', { hasText: caseId });
    if (await card.count()) return card;
    await page.waitForTimeout(2000);
  }
  throw new Error('the case never came up among the candidates');
}
