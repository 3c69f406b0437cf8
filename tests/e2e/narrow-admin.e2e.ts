/**
 * The foundation pages on a phone, 360 × 740, as the demo admin: people, teams, accounts, the audit log
 * and the own profile. Each page stays within the screen (wide tables scroll inside their own
 * container, never the page), its search field, create button and page buttons are on screen and work,
 * and axe finds nothing serious. Once in German and once in English, each on another database.
 */

import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, launchBrowser } from './support/browser.js';
import { languageRuns } from './support/languages.js';
import { loadDemoCompany, type RunningServer, startServer } from './support/server.js';

const ADMIN = 'admin@demo.tandem.test';
const WIDTH = 360;

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

/** How far the page itself scrolls sideways; 0 when everything wide scrolls inside its own container. */
function sidewaysOverflow(page: Page) {
  return page.evaluate<number>(`document.documentElement.scrollWidth - ${WIDTH}`);
}

/** The control is shown, lies wholly within the screen's width, and is not disabled. */
async function expectOnScreen(control: Locator, what: string) {
  await control.waitFor();
  const box = await control.boundingBox();
  expect(box, what).not.toBeNull();
  expect(box?.x ?? -1, `${what} starts on screen`).toBeGreaterThanOrEqual(0);
  expect((box?.x ?? 0) + (box?.width ?? 0), `${what} ends on screen`).toBeLessThanOrEqual(WIDTH);
  expect(await control.isEnabled(), `${what} is enabled`).toBe(true);
}

describe.each(languageRuns)('admin pages 360 px wide in $language on $database', ({ language, locale, t, database }) => {
  let server: RunningServer;
  let password = '';
  let page: Page;

  beforeAll(async () => {
    server = await startServer(database);
    password = await loadDemoCompany(server);
    const context = await browser.newContext({ locale, viewport: { width: WIDTH, height: 740 } });
    page = await context.newPage();
    await page.goto(`${server.url}/login`);
    await page.getByLabel(t.login.email).fill(ADMIN);
    await page.getByLabel(t.login.password, { exact: true }).fill(password);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('user-menu').waitFor();
    if (language === 'en') await page.getByTestId('language-switch').selectOption('en');
  });
  afterAll(async () => {
    await page?.context().close();
    await server?.stop();
  });

  async function open(path: string, heading: string) {
    await page.goto(`${server.url}${path}`);
    await page.getByRole('heading', { level: 1, name: heading }).waitFor();
  }

  /** A search without a match empties the list; clearing it brings the first page back. */
  async function expectSearchWorks(label: string) {
    const search = page.getByRole('searchbox', { name: label });
    await expectOnScreen(search, `search field "${label}"`);
    const range = page.getByText(new RegExp(fill(t.pagination.range, { from: '\\d+', to: '\\d+', total: '[\\d.,]+' })));
    const before = await range.first().textContent();
    await search.fill('zzzz-matches-nothing');
    await page.getByText(t.common.noMatches).waitFor();
    expect(await sidewaysOverflow(page), `no matches for "${label}"`).toBeLessThanOrEqual(0);
    await search.fill('');
    await expect.poll(() => range.first().textContent()).toBe(before);
  }

  /** The create button opens its dialog within the screen; Escape closes it again. */
  async function expectCreateWorks(name: string) {
    const create = page.getByRole('button', { name, exact: true });
    await expectOnScreen(create, `button "${name}"`);
    await create.click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    expect(await sidewaysOverflow(page), `dialog "${name}"`).toBeLessThanOrEqual(0);
    await expectAccessible(page, `dialog "${name}" on a phone`);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
  }

  /** With more than one page, the next-page button is on screen and turns the page. */
  async function expectPaginationWorks(what: string) {
    const next = page.getByRole('button', { name: t.pagination.next });
    await expectOnScreen(next, `${what}: next page`);
    await next.click();
    await expect.poll(() => new URL(page.url()).searchParams.get('page')).toBe('2');
    await page.getByRole('button', { name: fill(t.pagination.page, { page: 2 }) }).waitFor();
    expect(await sidewaysOverflow(page), `${what} page 2`).toBeLessThanOrEqual(0);
  }

  it('people: no sideways scrolling; search, add and page buttons work', async () => {
    await open('/people', t.people.title);
    await page.getByRole('table').waitFor();
    expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
    await expectAccessible(page, 'people on a phone');
    await expectSearchWorks(t.people.search);
    await expectCreateWorks(t.people.create);
    await expectOnScreen(page.getByRole('link', { name: t.common.importCsv }), 'people import');
    await expectPaginationWorks('people');
  });

  it('teams: no sideways scrolling; search and create work', async () => {
    await open('/teams', t.teams.title);
    await page.getByRole('table').waitFor();
    expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
    await expectAccessible(page, 'teams on a phone');
    await expectSearchWorks(t.common.search);
    await expectCreateWorks(t.teams.create);
  });

  it('accounts: no sideways scrolling; search, create and page buttons work', async () => {
    await open('/accounts', t.accounts.title);
    await page.getByRole('table').waitFor();
    expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
    await expectAccessible(page, 'accounts on a phone');
    await expectSearchWorks(t.accounts.search);
    await expectCreateWorks(t.accounts.create);
    await expectOnScreen(page.getByRole('link', { name: t.common.importCsv }), 'accounts import');
    await expectPaginationWorks('accounts');
  });

  it('audit log: no sideways scrolling; the filter and the table are usable', async () => {
    await open('/audit', t.audit.title);
    await page.getByRole('table').waitFor();
    expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
    await expectOnScreen(page.getByRole('textbox', { name: t.audit.action }), 'event filter');
    // The wide table scrolls inside its own region, which the keyboard reaches.
    const region = page.getByRole('region', { name: t.audit.title });
    expect(await region.evaluate((element) => element.scrollWidth > element.clientWidth)).toBe(true);
    await expectAccessible(page, 'audit log on a phone');
  });

  it('profile: no sideways scrolling; both forms fit and can be sent', async () => {
    await open('/profile', t.profile.title);
    expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
    await expectOnScreen(page.getByRole('textbox', { name: t.profile.name }), 'name field');
    await expectOnScreen(page.getByRole('button', { name: t.common.save }), 'save');
    await expectOnScreen(page.getByRole('button', { name: t.profile.changePassword }), 'change password');
    await expectAccessible(page, 'profile on a phone');
  });
});
