/**
 * The request reports in a real browser, on the demo company: the marketing lead opens the reports
 * from the navigation, sees the empty state for months without requests, a clear message for a
 * reversed range, and the figures, charts and CSV links for the last twelve months, grouped each way.
 * A rep files one request through the API first, so the current month always holds a request.
 * Once in German and once in English; axe checks every state; the page also works 360 px wide.
 */

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, launchBrowser } from './support/browser.js';
import { languageRuns } from './support/languages.js';
import { loadDemoCompany, type RunningServer, startServer } from './support/server.js';

const runs = languageRuns;

const LEAD = 'marketing.lead@demo.tandem.test';
const MARKETER = 'marketer@demo.tandem.test';
const REP = 'sales.rep@demo.tandem.test';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** Signs in over the API and files one request, as a rep would from the portal. */
async function fileRequestAsRep(url: string, password: string) {
  const login = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: REP, password }),
  });
  expect(login.status).toBe(200);
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const headers = { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' };
  const types = (await (await fetch(`${url}/api/request-types`, { headers })).json()) as { id: string }[];
  const filed = await fetch(`${url}/api/requests`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ typeId: types[0]?.id, title: 'Battle card', description: '', priority: 'normal' }),
  });
  expect(filed.status).toBe(201);
}

describe.each(runs)('request reports in $language on $database', ({ language, locale, t, database }) => {
  let server: RunningServer;
  let password = '';
  beforeAll(async () => {
    server = await startServer(database);
    password = await loadDemoCompany(server);
    await fileRequestAsRep(server.url, password);
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

  async function pickMonth(page: Page, label: string, which: 'first' | 'last') {
    await page.getByRole('textbox', { name: label }).click();
    const options = page.getByRole('listbox').getByRole('option');
    await (which === 'first' ? options.first() : options.last()).click();
    await page.getByRole('listbox').waitFor({ state: 'detached' });
  }

  it('shows SLA attainment, medians, ratings and extra miles by type, team and month', async () => {
    const context = await browser.newContext({ locale, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await signIn(page, LEAD);
    await page.getByRole('link', { name: t.reports.nav, exact: true }).click();
    await page.getByRole('heading', { name: t.reports.title, level: 1 }).waitFor();

    // The last twelve months hold at least the request just filed.
    const report = page.getByTestId('report');
    await report.waitFor();
    const table = page.getByTestId('report-table');
    await table.getByRole('rowheader', { name: t.reports.total }).waitFor();
    await page.getByRole('heading', { name: t.reports.chartShare }).waitFor();
    await page.locator('.recharts-surface').first().waitFor();
    await expectAccessible(page, 'reports by type');

    await page.getByText(t.reports.by.team, { exact: true }).click();
    await expect.poll(() => page.url()).toContain('/reports');
    await table.getByRole('rowheader', { name: t.reports.total }).waitFor();
    await page.getByText(t.reports.by.month, { exact: true }).click();
    // Twelve months and the total row.
    await expect.poll(() => table.getByRole('rowheader').count()).toBe(13);
    await expectAccessible(page, 'reports by month');

    // The CSV links carry the chosen range and grouping.
    await page.getByRole('button', { name: t.reports.downloadCsv }).click();
    const semicolon = page.getByRole('menuitem', { name: t.common.exportSemicolon });
    expect(await semicolon.getAttribute('href')).toMatch(
      /^\/api\/reports\/requests\/export\.csv\?from=\d{4}-\d{2}&to=\d{4}-\d{2}&groupBy=month&separator=semicolon$/,
    );
    await page.keyboard.press('Escape');

    // A reversed range is explained instead of asked for; a range without requests shows the empty state.
    await pickMonth(page, t.reports.from, 'first');
    await pickMonth(page, t.reports.to, 'last');
    await page.getByText(t.reports.rangeReversed).waitFor();
    await pickMonth(page, t.reports.from, 'last');
    await page.getByText(t.reports.emptyTitle).waitFor();
    await expectAccessible(page, 'reports without requests');
    await context.close();
  });

  it('works 360 px wide, and is offered to marketing leads but not to marketers', async () => {
    const context = await browser.newContext({ locale, viewport: { width: 360, height: 780 } });
    const page = await context.newPage();
    await signIn(page, LEAD);
    await page.goto(`${server.url}/reports`);
    await page.getByTestId('report').waitFor();
    // Nothing but the table's own scroll container is wider than the screen.
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
    expect(overflow).toBeLessThanOrEqual(0);
    await expectAccessible(page, 'reports on a phone');
    await context.close();

    const marketerContext = await browser.newContext({ locale, viewport: { width: 1280, height: 900 } });
    const marketer = await marketerContext.newPage();
    await signIn(marketer, MARKETER);
    expect(await marketer.getByRole('link', { name: t.reports.nav, exact: true }).count()).toBe(0);
    await marketer.goto(`${server.url}/reports`);
    await marketer.getByRole('heading', { name: t.notAllowed.title }).waitFor();
    await marketerContext.close();
  });
});
