// Steps of the oversight flow that speak to the API directly, as a page's script would: a caseworker's
// withdrawal of consent (the pages have no withdrawal form yet), with the session cookie, the CSRF header
// and the purpose the rules ask for.

/** Registers an adult's case through the API and withdraws its consent; answers the case id. */
export async function withdrawnCase(page) {
  return page.evaluate(async () => {
    const session = await (await fetch('/api/v1/session', { cache: 'no-store' })).json();
    const send = async (method, path, purpose, body) => {
      const headers = { 'Homeward-Purpose': purpose, 'Homeward-CSRF': session.csrfToken };
      if (body) headers['Content-Type'] = 'application/json';
      const r = await fetch(path, { method, headers, body: body ? JSON.stringify(body) : undefined, cache: 'no-store' });
      if (!r.ok) throw new Error(method + ' ' + path + ': ' + r.status + ' ' + (await r.text()));
      return r.json();
    };
    const created = await send('POST', '/api/v1/cases', 'FAMILY_TRACING', {
      side: 'MISSING', subject: { sex: 'F', birthYearFrom: 1980, birthYearTo: 1982 },
      consent: { basis: 'CONSENT', givenBy: 'SUBJECT' },
    });
    const details = await send('GET', '/api/v1/cases/' + created.id, 'FAMILY_TRACING');
    await send('POST', '/api/v1/cases/' + created.id + '/consents/' + details.consents[0].id + '/withdrawal',
      'DATA_PROTECTION');
    return created.id;
  });
}

/** A local account's id (what the audit records name as the actor), read by an administrator's page. */
export async function accountId(adminPage, username) {
  return adminPage.evaluate(async (name) => {
    let cursor = null;
    do {
      const r = await fetch('/api/v1/admin/users' + (cursor ? '?cursor=' + encodeURIComponent(cursor) : ''),
        { headers: { 'Homeward-Purpose': 'ADMINISTRATION' }, cache: 'no-store' });
      if (!r.ok) throw new Error('users: ' + r.status);
      const page = await r.json();
      const found = page.items.find((u) => u.username === name);
      if (found) return found.id;
      cursor = page.next;
    } while (cursor);
    throw new Error('no account ' + name);
  }, username);
}
