/**
 * The portal settings in a real browser, on the demo company: the admin opens Settings from the
 * navigation, sets one SLA policy's targets (after a refused entry), sees it marked "custom", meets the
 * stale alert when someone else changed it meanwhile, and resets it to the default; then switches the
 * business calendar between Hamburg and Bavaria and sees 6 January leave and join the holiday preview,
 * and adds an extra closed day that is still there after a reload. Once in German and once in English,
 * each on another database; axe checks every state; both panels also work 360 px wide. A marketing lead
 * gets neither the navigation entry nor the page.
 */

import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, launchBrowser } from './support/browser.js';
import { languageRuns } from './support/languages.js';
import { loadDemoCompany, type RunningServer, startServer } from './support/server.js';

const runs = languageRuns;

const ADMIN = 'admin@demo.tandem.test';
const LEAD = 'marketing.lead@demo.tandem.test';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_, key: string) => String(values[key]));
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

describe.each(runs)('portal settings in $language on $database', ({ language, locale, t, database }) => {
  let server: RunningServer;
  let password = '';
  const sl = t.settings.serviceLevels;
  const cal = t.settings.calendar;
  const year = new Date().getFullYear();

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

  /** The admin's own API session in the same browser context, to play a second admin changing things meanwhile. */
  async function changeAsSomeoneElse(page: Page, path: string, body: unknown, version: number) {
    const session = await page.request.get(`${server.url}/api/auth/session`);
    const { csrfToken } = (await session.json()) as { csrfToken: string };
    const answer = await page.request.put(`${server.url}${path}`, {
      data: body,
      headers: { 'x-csrf-token': csrfToken, 'if-match': `"${version}"` },
    });
    expect(answer.status()).toBe(200);
  }

  function targetField(dialog: Locator, target: 'firstResponse' | 'resolution', part: 'hours' | 'minutes') {
    return dialog.getByRole('group', { name: sl[target] }).getByRole('textbox', { name: sl[part] });
  }

  it('sets, marks and resets an SLA policy, and explains a stale edit', async () => {
    const context = await browser.newContext({ locale, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await signIn(page, ADMIN);
    await page.locator('#main-navigation').getByRole('link', { name: t.settings.nav, exact: true }).click();
    await page.getByRole('heading', { name: t.settings.title, level: 1 }).waitFor();
    await page.getByRole('tab', { name: t.settings.tabs['service-levels'] }).click();
    await expect.poll(() => page.url()).toContain('/settings/service-levels');
    await page.getByText(sl.filedKeep).first().waitFor();

    const row = page.getByTestId('sla-row-collateral-high');
    await row.waitFor();
    expect(await row.getByTestId('sla-source').textContent()).toBe(sl.default);
    await expectAccessible(page, 'service levels');

    // A resolution due before the first response is refused next to the field, before anything is sent.
    await row.getByRole('button', { name: new RegExp(`^${escapeRegExp(t.common.edit)}`) }).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    await targetField(dialog, 'firstResponse', 'hours').fill('4');
    await targetField(dialog, 'resolution', 'hours').fill('1');
    await targetField(dialog, 'resolution', 'minutes').fill('0');
    await dialog.getByRole('button', { name: t.common.save }).click();
    await dialog.getByText(sl.errors.resolutionBeforeFirst, { exact: true }).waitFor();
    await expectAccessible(page, 'a refused SLA policy');

    // 3 h 30 min and 20 business hours are stored as 210 and 1,200 business minutes.
    await targetField(dialog, 'firstResponse', 'hours').fill('3');
    await targetField(dialog, 'firstResponse', 'minutes').fill('30');
    await targetField(dialog, 'resolution', 'hours').fill('20');
    await dialog.getByRole('button', { name: t.common.save }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => row.getByTestId('sla-source').textContent()).toBe(sl.custom);
    expect(await row.getByTestId('sla-first-response').textContent()).toBe(fill(sl.hoursMinutes, { hours: 3, minutes: 30 }));
    expect(await row.getByTestId('sla-resolution').textContent()).toBe(fill(sl.hoursOnly, { hours: 20 }));
    const stored = (await (await page.request.get(`${server.url}/api/sla-policies`)).json()) as {
      typeId: string;
      typeKey: string;
      priority: string;
      firstResponseMinutes: number;
      resolutionMinutes: number;
      version: number;
    }[];
    const policy = stored.find((p) => p.typeKey === 'collateral' && p.priority === 'high');
    expect(policy).toMatchObject({ firstResponseMinutes: 210, resolutionMinutes: 1200, version: 1 });
    await expectAccessible(page, 'a custom SLA policy');

    // Someone else changes the policy while the form is open: saving shows the stale alert, reloading the new targets.
    await row.getByRole('button', { name: new RegExp(`^${escapeRegExp(t.common.edit)}`) }).click();
    await dialog.waitFor();
    await changeAsSomeoneElse(
      page,
      `/api/sla-policies/${policy?.typeId}/high`,
      { firstResponseMinutes: 120, resolutionMinutes: 960 },
      1,
    );
    await targetField(dialog, 'resolution', 'hours').fill('30');
    await dialog.getByRole('button', { name: t.common.save }).click();
    await dialog.getByText(t.stale.title, { exact: true }).waitFor();
    await expectAccessible(page, 'a stale SLA policy');
    await dialog.getByRole('button', { name: t.stale.reload }).click();
    await expect.poll(() => targetField(dialog, 'resolution', 'hours').inputValue()).toBe('16');
    await dialog.getByRole('button', { name: t.common.cancel }).click();
    await dialog.waitFor({ state: 'detached' });

    // Reset to the default, after a confirmation.
    await row.getByRole('button', { name: new RegExp(`^${escapeRegExp(sl.reset)}`) }).click();
    const confirm = page.getByRole('dialog', { name: sl.resetTitle });
    await confirm.waitFor();
    await expectAccessible(page, 'the reset confirmation');
    await confirm.getByRole('button', { name: sl.reset }).click();
    await confirm.waitFor({ state: 'detached' });
    await expect.poll(() => row.getByTestId('sla-source').textContent()).toBe(sl.default);
    expect(await row.getByRole('button', { name: new RegExp(`^${escapeRegExp(sl.reset)}`) }).count()).toBe(0);
    await context.close();
  });

  it('switches the federal state of the business calendar and adds a closed day', async () => {
    const context = await browser.newContext({ locale, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await signIn(page, ADMIN);
    await page.goto(`${server.url}/settings/business-calendar`);
    await page.getByRole('heading', { name: cal.title }).waitFor();
    const preview = page.getByTestId('holiday-preview');
    await preview.waitFor();
    await expectAccessible(page, 'business calendar');
    const epiphany = (y: number) => preview.locator(`tr[data-date="${y}-01-06"]`);
    const state = page.getByLabel(cal.federalState);
    const save = page.getByTestId('calendar-save');

    async function saveState(code: string) {
      if ((await state.inputValue()) === code) return;
      await state.selectOption(code);
      await page.getByTestId('calendar-unsaved').waitFor();
      await save.click();
      await page.getByTestId('calendar-unsaved').waitFor({ state: 'detached' });
    }

    // Hamburg keeps only the nationwide holidays around New Year; Bavaria adds Epiphany.
    await saveState('HH');
    await preview.locator(`tr[data-date="${year}-01-01"]`).waitFor();
    expect(await epiphany(year).count()).toBe(0);
    await saveState('BY');
    await epiphany(year).waitFor();
    expect(await epiphany(year).textContent()).toContain(language === 'de' ? 'Heilige Drei Könige' : 'Epiphany');
    await page
      .getByTestId('holiday-year')
      .getByText(String(year + 1), { exact: true })
      .click();
    await page.getByRole('heading', { name: fill(cal.holidaysTitle, { year: year + 1 }) }).waitFor();
    await epiphany(year + 1).waitFor();
    await expectAccessible(page, 'holidays next year');
    await page.getByTestId('holiday-year').getByText(String(year), { exact: true }).click();
    await saveState('HH');
    await expect.poll(() => epiphany(year).count()).toBe(0);

    // Working hours that end before they start are refused next to the field.
    const to = page.getByRole('textbox', { name: new RegExp(`^${escapeRegExp(cal.to)}`) }).first();
    await to.fill('07:00');
    await save.click();
    await page.getByText(cal.errors.endAfterStart, { exact: true }).waitFor();
    await expectAccessible(page, 'refused working hours');
    await to.fill('17:00');
    await expect.poll(() => page.getByText(cal.errors.endAfterStart).count()).toBe(0);

    // An extra closed day: added, refused twice, saved, and still there after a reload.
    const closedDay = `${year + 1}-12-24`;
    await page.getByLabel(cal.newClosedDate).fill(closedDay);
    await page.getByRole('button', { name: cal.addClosedDate, exact: true }).click();
    const closedList = page.getByTestId('closed-dates');
    await closedList.locator(`[data-date="${closedDay}"]`).waitFor();
    await page.getByLabel(cal.newClosedDate).fill(closedDay);
    await page.getByRole('button', { name: cal.addClosedDate, exact: true }).click();
    await page.getByText(cal.errors.dateTaken, { exact: true }).waitFor();
    await save.click();
    await page.getByTestId('calendar-unsaved').waitFor({ state: 'detached' });
    await page.reload();
    await page.getByTestId('closed-dates').locator(`[data-date="${closedDay}"]`).waitFor();
    const calendar = (await (await page.request.get(`${server.url}/api/settings/business-calendar`)).json()) as {
      federalState: string | null;
      closedDates: string[];
    };
    expect(calendar).toMatchObject({ federalState: 'HH', closedDates: expect.arrayContaining([closedDay]) });
    await expectAccessible(page, 'business calendar with a closed day');
    await context.close();
  });

  it('works 360 px wide, and is offered to admins only', async () => {
    const context = await browser.newContext({ locale, viewport: { width: 360, height: 780 } });
    const page = await context.newPage();
    await signIn(page, ADMIN);
    await page.goto(`${server.url}/settings/service-levels`);
    await page.getByTestId('sla-row-collateral-normal').waitFor();
    // Nothing but the tables' own scroll containers is wider than the screen.
    const overflow = () => page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
    expect(await overflow()).toBeLessThanOrEqual(0);
    await expectAccessible(page, 'service levels on a phone');
    await page
      .getByTestId('sla-row-collateral-normal')
      .getByRole('button', { name: new RegExp(`^${escapeRegExp(t.common.edit)}`) })
      .click();
    await page.getByRole('dialog').waitFor();
    await expectAccessible(page, 'an SLA policy form on a phone');
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });

    await page.goto(`${server.url}/settings/business-calendar`);
    await page.getByTestId('holiday-preview').waitFor();
    expect(await overflow()).toBeLessThanOrEqual(0);
    await expectAccessible(page, 'business calendar on a phone');
    await context.close();

    const leadContext = await browser.newContext({ locale, viewport: { width: 1280, height: 900 } });
    const lead = await leadContext.newPage();
    await signIn(lead, LEAD);
    expect(await lead.locator('#main-navigation').getByRole('link', { name: t.settings.nav, exact: true }).count()).toBe(0);
    await lead.goto(`${server.url}/settings`);
    await lead.getByRole('heading', { name: t.notAllowed.title }).waitFor();
    await leadContext.close();
  });
});
