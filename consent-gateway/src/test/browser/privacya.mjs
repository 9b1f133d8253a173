// Steps of the privacy flows (privacya) that speak to the API directly, as a page's script would: the police
// register their own open missing case (the guided form is the caseworker's flow's), with the session cookie, the
// CSRF header and the purpose the rules ask for.

/** Registers a missing child's case under a police case number through the API; answers the case id. */
export async function policeMissingCase(page) {
  return page.evaluate(async () => {
    const session = await (await fetch('/api/v1/session', { cache: 'no-store' })).json();
    const r = await fetch('/api/v1/cases', {
      method: 'POST',
      cache: 'no-store',
      headers: {
        'Homeward-Purpose': 'IDENTIFICATION',
        'Homeward-CSRF': session.csrfToken,
        'Content-Type': 'application/json',
      },
      body: JSON.stringify({
        side: 'MISSING',
        policeCaseNumber: 'PC-UI-15',
        subject: { sex: 'F', birthYearFrom: 1985, birthYearTo: 1987, region: 'CN-44' },
        consent: { basis: 'STATUTORY_DUTY', givenBy: 'POLICE' },
      }),
    });
    if (!r.ok) throw new Error('POST /api/v1/cases: ' + r.status + ' ' + (await r.text()));
    return (await r.json()).id;
  });
}
