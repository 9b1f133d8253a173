// Helpers of the organisations steps (// --- orgs --- in flows.mjs): the administrators' organisations page.

/** The list's row of an organisation. */
export function orgRow(page, id) {
  return page.locator('#organisations tbody tr[data-id="' + id + '"]');
}

/** A text of the organisations page, in its language (from the page's own text block). */
export async function orgText(page, key) {
  return page.locator('#org-texts [data-k="' + key + '"]').textContent();
}

/** Creates an organisation on the organisations page (opened with `open`) and waits for its row. */
export async function createOrganisation(page, open, id, name, kind) {
  await open(page, '/admin/organisations');
  await page.fill('#org-id', id);
  await page.fill('#org-name', name);
  await page.selectOption('#org-kind', kind);
  await page.click('#create button[type=submit]');
  await orgRow(page, id).waitFor();
  await page.locator('#created:not(:empty)').waitFor();
}

/** The organisations the users page offers a new user, as option values. */
export async function offeredOrganisations(page) {
  return page.locator('#new-org option').evaluateAll((os) => os.map((o) => o.value));
}
