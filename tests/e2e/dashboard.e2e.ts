/**
 * The trust dashboard in a real browser, on the demo company (two years of pulses and quarterly trust
 * checks). A marketing lead opens it from the navigation, reads the trust index, the trend and the
 * drivers, picks the latest trust check, reads the focus areas with their recommendation and levers,
 * creates an action plan on a focus area, sees a refused filter explained in words, and finds the CSV
 * links. A sales lead sees their own team
 * only: one heatmap row, no filters, and the API refuses another team. Once in German and once in
 * English; axe checks every state; the page works 360 px wide.
 */

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page as ListPage, Team } from '../../common/api/contracts.js';
import { cycleTitleOf } from '../../common/api/cycle-title.js';
import type { Cycle } from '../../common/api/surveys.js';
import { CONSTRUCTS, type DriverId } from '../../common/instrument/items.js';
import { RECOMMENDATIONS } from '../../common/instrument/recommendations.js';
import { expectAccessible, launchBrowser } from './support/browser.js';
import { languageRuns } from './support/languages.js';
import { loadDemoCompany, type RunningServer, startServer } from './support/server.js';

const runs = languageRuns;

const LEAD = 'marketing.lead@demo.tandem.test';
const SALES_LEAD = 'sales.lead@demo.tandem.test';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** A GET with the page's session, as the app itself would send it. */
async function fetchJson<T>(page: Page, path: string): Promise<{ status: number; body: T }> {
  return page.evaluate(async (target) => {
    const response = await fetch(target);
    return { status: response.status, body: await response.json() };
  }, path) as Promise<{ status: number; body: T }>;
}

describe.each(runs)('trust dashboard in $language on $database', ({ language, locale, t, database }) => {
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

  /** The newest closed trust check: the form with every statement, so the key-driver analysis runs. */
  async function latestTrustCheck(page: Page): Promise<Cycle> {
    const { body } = await fetchJson<ListPage<Cycle>>(page, '/api/survey-cycles?pageSize=100');
    const check = body.items.find((cycle) => cycle.form === 'trust_check' && cycle.status === 'closed');
    expect(check, 'the demo has a closed trust check').toBeDefined();
    return check as Cycle;
  }

  it('shows a marketing lead the figures, the focus areas with their recommendation, and explains refusals', async () => {
    const context = await browser.newContext({ locale, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await signIn(page, LEAD);
    await page.getByRole('link', { name: t.dashboard.nav, exact: true }).click();
    await page.getByRole('heading', { name: t.dashboard.title, level: 1 }).waitFor();

    // The latest closed cycle by default: headline figures, the trend chart and every driver.
    await page.getByTestId('dashboard').waitFor();
    expect(await page.getByTestId('filter-cycle').inputValue()).toBe('');
    await page.getByTestId('trust-index').getByText(t.dashboard.trustIndexScale).waitFor();
    await page.locator('.recharts-surface').first().waitFor();
    // Pulses and trust checks are two series in each chart (trust index, iNPS), each named in its legend.
    const legends = page.getByTestId('trend-legend');
    await expect.poll(() => legends.count()).toBe(2);
    for (const legend of await legends.all()) {
      expect(await legend.getByRole('listitem').allTextContents()).toEqual([
        t.dashboard.trend.series.pulse,
        t.dashboard.trend.series.trust_check,
      ]);
    }
    await expect.poll(() => page.getByTestId('driver-scores').getByRole('rowheader').count()).toBe(8);
    await expectAccessible(page, 'dashboard, latest closed cycle');

    // The latest trust check: key drivers with R² and n, the heatmap, and the focus areas.
    const check = await latestTrustCheck(page);
    await page.getByTestId('filter-cycle').selectOption(check.id);
    await page.getByTestId('dashboard-cycle').getByText(cycleTitleOf(check, locale), { exact: false }).waitFor();
    await page.getByTestId('key-drivers').waitFor();
    expect(await page.getByTestId('key-drivers-model').textContent()).toContain('R²');
    expect(await page.getByTestId('heatmap-row').count()).toBeGreaterThan(1);

    const areas = page.getByTestId('focus-area');
    await areas.first().waitFor();
    const count = await areas.count();
    expect(count).toBeGreaterThan(0);
    for (let index = 0; index < count; index++) {
      const area = areas.nth(index);
      const driver = (await area.getAttribute('data-driver')) as DriverId;
      await area.getByRole('heading', { name: CONSTRUCTS[driver].name[language] }).waitFor();
      expect(await area.getByTestId('recommendation').textContent()).toBe(RECOMMENDATIONS[driver].text[language]);
    }
    await page.getByTestId('focus-areas').getByTestId('action-plans-slot').waitFor({ state: 'attached' });
    await expectAccessible(page, 'dashboard, trust check');

    // An action plan on the first focus area: title and owner, saved, then listed in the focus-area section.
    const planTitle = `${t.dashboard.focus.title} ${Date.now()}`;
    await areas.first().getByTestId('create-action-plan').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel(t.actionPlans.form.title).fill(planTitle);
    const owner = dialog.getByLabel(t.actionPlans.form.owner);
    await expect.poll(() => owner.locator('option').count()).toBeGreaterThan(1);
    await owner.selectOption((await owner.locator('option').nth(1).getAttribute('value')) ?? '');
    await dialog.getByTestId('action-plan-submit').click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByTestId('action-plans-slot').getByTestId('action-plan').filter({ hasText: planTitle }).waitFor();
    const toast = page.getByRole('alert').filter({ hasText: t.actionPlans.created });
    await toast.waitFor();
    await expectAccessible(page, 'dashboard with an action plan');
    // The confirmation is closed by hand, so that later checks do not meet it half-faded; on a slow
    // machine it may already have closed by itself while axe ran.
    await toast
      .getByRole('button', { name: t.common.close })
      .click({ timeout: 2_000 })
      .catch(() => undefined);
    await toast.waitFor({ state: 'detached' });

    // The aggregate CSV of the chosen cycle, with semicolons for German spreadsheets.
    await page.getByRole('button', { name: t.dashboard.downloadCsv }).click();
    const semicolon = page.getByRole('menuitem', { name: t.common.exportSemicolon });
    const href = (await semicolon.getAttribute('href')) ?? '';
    expect(href).toBe(`/api/dashboard/export.csv?cycleId=${check.id}&separator=semicolon`);
    // Closed before going on: a menu left open (Escape can arrive before focus reaches it on a slow
    // machine) would be emptied by the next filter and fail axe. The button toggles it as a fallback.
    await page.keyboard.press('Escape');
    const menu = page.getByRole('menu');
    const closed = await menu
      .waitFor({ state: 'detached', timeout: 3_000 })
      .then(() => true)
      .catch(() => false);
    if (!closed) {
      await page.getByRole('button', { name: t.dashboard.downloadCsv }).click();
      await menu.waitFor({ state: 'detached' });
    }
    const csv = await page.evaluate(async (target) => {
      const response = await fetch(target);
      return { status: response.status, type: response.headers.get('content-type') ?? '', text: await response.text() };
    }, href);
    expect(csv.status).toBe(200);
    expect(csv.type).toContain('text/csv');
    expect(csv.text.length).toBeGreaterThan(0);

    // A group the anonymity rules withhold: words, no figures.
    const regions = await page.getByTestId('filter-region').locator('option').allTextContents();
    expect(regions.length).toBeGreaterThan(1);
    const tenure = page.getByTestId('filter-tenureBand');
    const tenureValues = await tenure
      .locator('option')
      .evaluateAll((options) => options.map((option) => option.getAttribute('value') ?? '').filter(Boolean));
    expect(tenureValues.length).toBeGreaterThan(0);
    await tenure.selectOption(tenureValues[0] as string);
    const alert = page.getByTestId('dashboard-withheld');
    await alert.waitFor();
    const reason = (await alert.getAttribute('data-reason')) as keyof typeof t.dashboard.refused;
    await alert.getByText(t.dashboard.refused[reason].title).waitFor();
    expect(await page.getByTestId('trust-index').count()).toBe(0);
    await expectAccessible(page, 'dashboard, withheld group');
    await page.getByTestId('filters-reset').click();
    await page.getByTestId('dashboard').waitFor();
    await context.close();
  });

  it('shows a sales lead their own team only, also 360 px wide', async () => {
    const context = await browser.newContext({ locale, viewport: { width: 360, height: 780 } });
    const page = await context.newPage();
    await signIn(page, SALES_LEAD);
    await page.goto(`${server.url}/dashboard`);
    await page.getByRole('heading', { name: t.dashboard.title, level: 1 }).waitFor();
    // The latest cycle may have too few answers in one team: either the figures or the reason show.
    await page.getByTestId('dashboard').or(page.getByTestId('dashboard-withheld')).waitFor();

    const session = await fetchJson<{ user: { teamId: string } }>(page, '/api/auth/session');
    const teams = await fetchJson<ListPage<Team>>(page, '/api/teams?kind=sales&pageSize=200');
    const own = teams.body.items.find((team) => team.id === session.body.user.teamId) as Team;
    const other = teams.body.items.find((team) => team.id !== own.id) as Team;

    // Only the cycle can be chosen; the page says whose results these are.
    await page.getByTestId('scope-note').getByText(own.name, { exact: false }).waitFor();
    for (const filter of ['filter-team', 'filter-region', 'filter-tenureBand'])
      expect(await page.getByTestId(filter).count()).toBe(0);

    const check = await latestTrustCheck(page);
    await page.getByTestId('filter-cycle').selectOption(check.id);
    await page.getByTestId('dashboard-cycle').getByText(cycleTitleOf(check, locale), { exact: false }).waitFor();
    const rows = page.getByTestId('heatmap-row');
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().getByRole('rowheader').textContent()).toBe(own.name);
    expect(await page.getByText(other.name).count()).toBe(0);

    // The server refuses another team's figures, whatever the address says.
    const refused = await fetchJson<unknown>(page, `/api/dashboard?cycleId=${check.id}&team=${other.id}`);
    expect(refused.status).toBe(403);

    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
    expect(overflow).toBeLessThanOrEqual(0);
    await expectAccessible(page, 'dashboard of a sales lead on a phone');
    await context.close();
  });
});
