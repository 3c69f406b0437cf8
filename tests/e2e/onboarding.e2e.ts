/**
 * The first day with Tandem, in a real browser: setup → sign out and in → import people with
 * invitations → the invitee opens the e-mailed link, sets a password and is signed in.
 * Once in German and once in English, on every database the run has; axe checks each page.
 */

import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, launchBrowser } from './support/browser.js';
import { languageRuns } from './support/languages.js';
import { type RunningServer, startServer } from './support/server.js';

const runs = languageRuns;

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe.each(runs)('onboarding in $language on $database', ({ locale, t, database }) => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer(database);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('sets up, imports people with invitations, and an invitee accepts and signs in', async () => {
    const admin = { name: 'Erika Mustermann', email: 'erika@muster.example', password: 'a long admin passphrase' };
    const invitee = { name: 'Jürgen Weiß', email: 'juergen.weiss@muster.example', password: 'welcome aboard passphrase' };

    const context = await browser.newContext({ locale, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(server.url);

    // First run: the setup page.
    await expect.poll(() => page.url()).toContain('/setup');
    await page.getByRole('heading', { name: t.setup.title }).waitFor();
    await expectAccessible(page, 'setup');
    await page.getByLabel(t.setup.create.organisationName).fill('Muster Maschinenbau GmbH');
    await page.getByLabel(t.setup.create.adminName).fill(admin.name);
    await page.getByLabel(t.setup.create.adminEmail).fill(admin.email);
    await page.getByLabel(t.setup.create.password, { exact: true }).fill(admin.password);
    await page.getByTestId('setup-submit').click();
    await page.getByTestId('user-menu').waitFor();
    await expectAccessible(page, 'home');

    // Sign out and sign in again.
    await page.getByTestId('user-menu').click();
    await page.getByTestId('sign-out').click();
    await page.getByTestId('login-submit').waitFor();
    await expectAccessible(page, 'login');
    await page.getByLabel(t.login.email).fill(admin.email);
    await page.getByLabel(t.login.password, { exact: true }).fill(admin.password);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('user-menu').waitFor();

    // Import people: a dry run shows a problem, the corrected file imports with invitations.
    await page.goto(`${server.url}/people/import`);
    const broken = 'email,name,role,team,region,start_date\nnot-an-address,Someone,sales_rep,Vertrieb Süd,Süd,2024-01-01\n';
    await page.getByTestId('import-csv').fill(broken);
    await page.getByTestId('import-dry-run').click();
    await page.getByText(t.import.fixProblems).waitFor();
    // The problem names the value in the reader's language, so the row can be fixed without guessing.
    await page.getByText(t.importProblems.invalid_email.replace('{{value}}', 'not-an-address')).waitFor();
    await expect.poll(() => page.getByTestId('import-apply').isDisabled()).toBe(true);

    const csv = [
      'email,name,role,team,region,start_date',
      `${invitee.email},${invitee.name},sales_rep,Vertrieb Süd,Süd,2023-04-01`,
      'petra.klein@muster.example,Petra Klein,sales_lead,Vertrieb Süd,Süd,2019-10-15',
      'tom.baker@muster.example,Tom Baker,marketer,Produktmarketing,Zentrale,2021-02-01',
    ].join('\n');
    await page.getByTestId('import-csv').fill(csv);
    await page.getByLabel(t.import.sendInvitations).check();
    await page.getByTestId('import-dry-run').click();
    await page.getByText(t.import.noProblems).waitFor();
    await expectAccessible(page, 'import preview');
    await page.getByTestId('import-apply').click();
    await page.getByText(t.import.appliedTitle).waitFor();

    // The admin reads the invitation in the outbox (no SMTP server configured).
    await page.goto(`${server.url}/outbox`);
    const mail = page.getByTestId('outbox-item').filter({ hasText: invitee.email });
    await mail.first().waitFor();
    await expectAccessible(page, 'outbox');
    const link = await mail.first().locator('a[href*="/invite/"]').first().getAttribute('href');
    expect(link).toMatch(/^https?:\/\/[^/]+\/invite\/[A-Za-z0-9_-]+$/);

    // The invitee, in a browser of their own.
    const inviteeContext = await browser.newContext({ locale, viewport: { width: 390, height: 844 } });
    const inviteePage = await inviteeContext.newPage();
    await inviteePage.goto(link ?? '');
    await inviteePage.getByTestId('invite-submit').waitFor();
    await expectAccessible(inviteePage, 'invitation');
    await inviteePage.getByLabel(t.invite.password, { exact: true }).fill(invitee.password);
    await inviteePage.getByLabel(t.invite.repeat, { exact: true }).fill(invitee.password);
    await inviteePage.getByTestId('invite-submit').click();
    await inviteePage.getByTestId('user-menu').waitFor();
    await inviteePage.getByText(invitee.name).first().waitFor();

    // …and can sign in again later with the password they chose.
    await inviteePage.getByTestId('user-menu').click();
    await inviteePage.getByTestId('sign-out').click();
    await inviteePage.getByLabel(t.login.email).fill(invitee.email);
    await inviteePage.getByLabel(t.login.password, { exact: true }).fill(invitee.password);
    await inviteePage.getByTestId('login-submit').click();
    await inviteePage.getByTestId('user-menu').waitFor();

    await inviteeContext.close();
    await context.close();
  });
});
