/**
 * Action plans in a real browser, on the demo company: the marketing lead opens the action plans page
 * from the navigation, plans an action with the keyboard-usable form, ticks a step off and sees the
 * follow-up state; the page works 360 px wide; a sales rep is not offered it. Once in German and once
 * in English; axe checks every state.
 */

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, launchBrowser } from './support/browser.js';
import { languageRuns } from './support/languages.js';
import { loadDemoCompany, type RunningServer, startServer } from './support/server.js';

const runs = languageRuns;

const LEAD = 'marketing.lead@demo.tandem.test';
const REP = 'sales.rep@demo.tandem.test';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe.each(runs)('action plans in $language on $database', ({ language, locale, t, database }) => {
  let server: RunningServer;
  let password = '';
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

  it('plans an action, ticks a step off and shows the follow-up state', async () => {
    const context = await browser.newContext({ locale, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await signIn(page, LEAD);
    await page.getByRole('link', { name: t.actionPlans.nav, exact: true }).click();
    await page.getByRole('heading', { name: t.actionPlans.title, level: 1 }).waitFor();
    await page.getByText(t.actionPlans.empty).or(page.getByTestId('action-plans-list')).first().waitFor();
    await expectAccessible(page, 'action plans page');

    await page.getByTestId('create-action-plan').click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    await dialog.getByLabel(t.actionPlans.form.title).fill('Ride along with every new rep');
    const owner = dialog.getByLabel(t.actionPlans.form.owner);
    const ownerValue = await owner.locator('option').nth(1).getAttribute('value');
    await owner.selectOption(ownerValue ?? '');
    await dialog
      .getByLabel(t.actionPlans.form.step.replace('{{number}}', '1'), { exact: true })
      .fill('Agree dates with the sales leads');
    await dialog.getByRole('button', { name: t.actionPlans.form.addStep }).click();
    await dialog
      .getByLabel(t.actionPlans.form.step.replace('{{number}}', '2'), { exact: true })
      .fill('Report back in the sales meeting');
    await expectAccessible(page, 'action plan form');
    await dialog.getByTestId('action-plan-submit').click();
    await dialog.waitFor({ state: 'detached' });

    const card = page.getByTestId('action-plan').filter({ hasText: 'Ride along with every new rep' });
    await card.waitFor();
    await card.getByText(t.actionPlans.status.planned).waitFor();
    await card.getByRole('checkbox', { name: 'Agree dates with the sales leads' }).check();
    await card.getByText(t.actionPlans.progress.replace('{{done}}', '1').replace('{{total}}', '2')).waitFor();
    expect(await card.getByTestId('action-plan-follow-up').getAttribute('data-state')).toMatch(/^(waiting|no_baseline)$/);
    await expectAccessible(page, 'action plans with a plan');
    await context.close();
  });

  it('works 360 px wide, and is not offered to a sales rep', async () => {
    const context = await browser.newContext({ locale, viewport: { width: 360, height: 780 } });
    const page = await context.newPage();
    await signIn(page, LEAD);
    await page.goto(`${server.url}/action-plans`);
    await page.getByRole('heading', { name: t.actionPlans.title, level: 1 }).waitFor();
    await page.getByText(t.actionPlans.empty).or(page.getByTestId('action-plans-list')).first().waitFor();
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
    expect(overflow).toBeLessThanOrEqual(0);
    await expectAccessible(page, 'action plans on a phone');
    await context.close();

    const repContext = await browser.newContext({ locale, viewport: { width: 1280, height: 900 } });
    const rep = await repContext.newPage();
    await signIn(rep, REP);
    expect(await rep.getByRole('link', { name: t.actionPlans.nav, exact: true }).count()).toBe(0);
    await rep.goto(`${server.url}/action-plans`);
    await rep.getByRole('heading', { name: t.notAllowed.title }).waitFor();
    await repContext.close();
  });
});
