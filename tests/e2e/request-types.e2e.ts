/**
 * Request types in a real browser, on the demo company: the admin opens Settings → Request types,
 * adds a type with a German and an English name (after the form refused an empty one and a name
 * another type has), renames it and deactivates it; a sales rep then no longer finds it on the
 * new-request form. Once in German and once in English; axe checks every state.
 */

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, launchBrowser } from './support/browser.js';
import { languageRuns } from './support/languages.js';
import { loadDemoCompany, type RunningServer, startServer } from './support/server.js';

const runs = languageRuns;

const ADMIN = 'admin@demo.tandem.test';
const REP = 'sales.rep@demo.tandem.test';

const CREATED = { de: 'Messestand', en: 'Trade-fair booth' };
const RENAMED = { de: 'Messestand und Bühne', en: 'Trade-fair stand' };
/** Derived by the server from the first English name; a rename keeps it. */
const KEY = 'trade_fair_booth';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe.each(runs)('request types in $language on $database', ({ language, locale, t, database }) => {
  let server: RunningServer;
  let password = '';
  const shown = (names: { de: string; en: string }) => names[language];
  const texts = t.settings.requestTypes;

  beforeAll(async () => {
    server = await startServer(database);
    password = await loadDemoCompany(server);
  });
  afterAll(async () => {
    await server?.stop();
  });

  async function signIn(page: Page, email: string) {
    await page.goto(`${server.url}/login`);
    await page.getByLabel(t.login.email).fill(email);
    await page.getByLabel(t.login.password, { exact: true }).fill(password);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('user-menu').waitFor();
    if (language === 'en') await page.getByTestId('language-switch').selectOption('en');
    await page.getByRole('link', { name: t.nav.requests, exact: true }).waitFor();
  }

  async function closeToast(page: Page, text: string) {
    const toast = page.getByRole('alert').filter({ hasText: text });
    await toast.waitFor();
    await toast.getByRole('button', { name: t.common.close }).click();
    await toast.waitFor({ state: 'detached' });
  }

  it('lets the admin add, rename and deactivate a type, which sales then no longer files', async () => {
    const adminContext = await browser.newContext({ locale, viewport: { width: 1280, height: 900 } });
    const admin = await adminContext.newPage();
    await signIn(admin, ADMIN);
    await admin.getByRole('link', { name: t.settings.nav, exact: true }).click();
    await admin.getByRole('heading', { name: t.settings.title, level: 1 }).waitFor();
    await admin.getByRole('tab', { name: t.settings.tabs['request-types'], selected: true }).waitFor();
    const table = admin.getByTestId('request-types-table');
    // The demo company's built-in types are listed.
    await table.getByTestId('request-type-collateral').getByText('Vertriebsmaterial', { exact: true }).waitFor();
    await expectAccessible(admin, 'request types');

    // Sending the form empty shows the checks; a name another type has is refused at its field.
    await admin.getByTestId('request-type-create').click();
    const createDialog = admin.getByRole('dialog', { name: texts.create });
    await createDialog.waitFor();
    await createDialog.getByTestId('request-type-save').click();
    await expect.poll(() => createDialog.getByText(t.validation.required).count()).toBe(2);
    await createDialog.getByTestId('request-type-name-de').fill('vertriebsmaterial');
    await createDialog.getByTestId('request-type-name-en').fill(CREATED.en);
    await createDialog.getByTestId('request-type-save').click();
    await createDialog.getByText(texts.nameTaken).waitFor();
    await expectAccessible(admin, 'new request type with a taken name');
    await createDialog.getByTestId('request-type-name-de').fill(CREATED.de);
    await createDialog.getByTestId('request-type-save').click();
    await createDialog.waitFor({ state: 'detached' });
    await closeToast(admin, texts.created.replace('{{name}}', shown(CREATED)));

    const row = admin.getByTestId(`request-type-${KEY}`);
    await row.getByText(CREATED.de, { exact: true }).waitFor();
    await row.getByText(CREATED.en, { exact: true }).waitFor();
    expect(await row.getByTestId('request-type-status').textContent()).toBe(texts.status.active);

    // Renaming both names.
    await row.getByRole('button', { name: texts.editNamed.replace('{{name}}', shown(CREATED)) }).click();
    const editDialog = admin.getByRole('dialog', { name: texts.edit });
    await editDialog.waitFor();
    await editDialog.getByTestId('request-type-name-de').fill(RENAMED.de);
    await editDialog.getByTestId('request-type-name-en').fill(RENAMED.en);
    await expectAccessible(admin, 'edit request type');
    await editDialog.getByTestId('request-type-save').click();
    await editDialog.waitFor({ state: 'detached' });
    await closeToast(admin, texts.saved.replace('{{name}}', shown(RENAMED)));
    await row.getByText(RENAMED.de, { exact: true }).waitFor();
    await row.getByText(RENAMED.en, { exact: true }).waitFor();

    // Deactivating asks first.
    await row.getByRole('button', { name: texts.deactivateNamed.replace('{{name}}', shown(RENAMED)) }).click();
    const confirm = admin.getByRole('dialog', { name: texts.deactivateTitle });
    await confirm.waitFor();
    await expectAccessible(admin, 'deactivate confirmation');
    await confirm.getByRole('button', { name: texts.deactivate, exact: true }).click();
    await confirm.waitFor({ state: 'detached' });
    await closeToast(admin, texts.deactivated.replace('{{name}}', shown(RENAMED)));
    await expect.poll(() => row.getByTestId('request-type-status').textContent()).toBe(texts.status.inactive);
    await row.getByRole('button', { name: texts.reactivateNamed.replace('{{name}}', shown(RENAMED)) }).waitFor();
    await expectAccessible(admin, 'request types with a deactivated one');
    await adminContext.close();

    // The rep's form offers the built-in types but not the deactivated one.
    const repContext = await browser.newContext({ locale, viewport: { width: 390, height: 844 } });
    const rep = await repContext.newPage();
    await signIn(rep, REP);
    await rep.goto(`${server.url}/requests/new`);
    await rep.getByRole('heading', { name: t.requests.new }).waitFor();
    await rep.getByTestId('request-type').click();
    const options = rep.getByRole('listbox').getByRole('option');
    await options.filter({ hasText: language === 'de' ? 'Vertriebsmaterial' : 'Collateral' }).waitFor();
    const offered = await options.allTextContents();
    expect(offered).not.toContain(shown(RENAMED));
    expect(offered).not.toContain(shown(CREATED));
    await rep.keyboard.press('Escape');
    await expectAccessible(rep, 'new request form without the deactivated type');
    await repContext.close();
  }, 300_000);
});
