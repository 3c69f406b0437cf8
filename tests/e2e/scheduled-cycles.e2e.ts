/**
 * Scheduled survey cycles in a real browser. A fresh organisation (a marketing lead and one active
 * sales rep) is set up through the API; the lead schedules a pulse that opens in ten days, sees it
 * listed as scheduled, changes its days in the edit form (first refused in words before sending, then
 * refused as stale because a second tab changed the cycle meanwhile, then saved after reloading) and
 * sees the new days in the list, then cancels it. Once in German on a 360 px wide phone (cards), once in
 * English on a desktop screen (table); axe checks every state, the open forms and dialogs included.
 */

import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import de from '../../web/src/i18n/de.json' with { type: 'json' };
import en from '../../web/src/i18n/en.json' with { type: 'json' };
import { expectAccessible, launchBrowser } from './support/browser.js';
import { e2eDatabases, type RunningServer, startServer } from './support/server.js';

const PASSWORD = 'scheduled-cycles-e2e-password';
const ADMIN = 'admin@scheduled.tandem.test';
const LEAD = 'marketing.lead@scheduled.tandem.test';
const REP = 'rep@scheduled.tandem.test';
const PHONE = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true } as const;
const DESKTOP = { viewport: { width: 1280, height: 900 } } as const;

const languages = [
  { language: 'de', locale: 'de-DE', t: de, title: 'Frühjahrspuls Vertrieb', screen: PHONE },
  { language: 'en', locale: 'en-GB', t: en, title: 'Spring pulse sales', screen: DESKTOP },
] as const;
// German on the first database, English on the last: with PostgreSQL available both run, each once.
const runs = languages.map((l, i) => ({ ...l, database: e2eDatabases[i % e2eDatabases.length] ?? 'sqlite' }));

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** With E2E_SCREENSHOTS=<folder>, keeps screenshots of the pages for a look by eye. */
async function screenshot(page: Page, name: string) {
  const folder = process.env.E2E_SCREENSHOTS;
  if (folder) await page.screenshot({ path: `${folder}/${name}.png`, fullPage: true });
}

const DAY = 86_400_000;
/** The calendar day `days` from today (UTC, as the server counts); far enough ahead for any time zone. */
const dayIn = (days: number) => new Date(Date.now() + days * DAY).toISOString().slice(0, 10);

/** The day as the web app shows it (format.date in web/src/i18n/format.ts). */
function shownDate(locale: string, isoDate: string) {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${isoDate}T12:00:00Z`));
}

/** Whether the text shows the day, not merely a day ending in it ("7 Dec 2026" within "27 Dec 2026"). */
const showsDate = (text: string, shown: string) =>
  new RegExp(`(^|\\D)${shown.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`).test(text);

const fill = (text: string, values: Record<string, string>) =>
  Object.entries(values).reduce((result, [key, value]) => result.replaceAll(`{{${key}}}`, value), text);

/** The admin's side of the set-up, through the API with the session cookie and CSRF token. */
class AdminApi {
  private cookie = '';
  private csrf = '';
  constructor(private readonly url: string) {}

  async setUp() {
    const response = await fetch(`${this.url}/api/setup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        organisationName: 'Geplant GmbH',
        adminName: 'Ada Admin',
        adminEmail: ADMIN,
        password: PASSWORD,
      }),
    });
    expect(response.status, await response.clone().text()).toBe(200);
    this.cookie = (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    this.csrf = ((await response.json()) as { csrfToken: string }).csrfToken;
  }

  async post<T>(path: string, body: unknown): Promise<T> {
    const response = await fetch(`${this.url}${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        cookie: this.cookie,
        'x-csrf-token': this.csrf,
        'idempotency-key': crypto.randomUUID(),
      },
      body: JSON.stringify(body),
    });
    expect(response.status, `${path}: ${await response.clone().text()}`).toBeLessThan(300);
    return (await response.json()) as T;
  }

  async invitationTokens(): Promise<string[]> {
    const response = await fetch(`${this.url}/api/outbox?pageSize=200`, { headers: { cookie: this.cookie } });
    expect(response.status).toBe(200);
    const mails = ((await response.json()) as { items: { text: string }[] }).items;
    return mails.flatMap((mail) => /https?:\/\/\S+?\/invite\/([A-Za-z0-9_-]+)/.exec(mail.text)?.[1] ?? []);
  }
}

describe.each(runs)('scheduled survey cycles in $language on $database', ({ language, locale, t, title, screen, database }) => {
  let server: RunningServer;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    server = await startServer(database);
    const admin = new AdminApi(server.url);
    await admin.setUp();
    const team = await admin.post<{ id: string }>('/api/teams', { name: 'Vertrieb Süd', kind: 'sales', region: 'Süd' });
    await admin.post('/api/people', { email: LEAD, name: 'Mara Marketing', role: 'marketing_lead', locale: language });
    // A cycle needs somebody to ask: one active sales rep.
    await admin.post('/api/people', {
      email: REP,
      name: 'Rita Rep',
      role: 'sales_rep',
      teamId: team.id,
      startDate: '2021-05-01',
      locale: language,
    });
    const tokens = await admin.invitationTokens();
    expect(tokens).toHaveLength(2);
    for (const token of tokens) {
      const accepted = await fetch(`${server.url}/api/auth/invitations/accept`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token, password: PASSWORD }),
      });
      expect(accepted.status).toBeLessThan(300);
    }
  });
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await server?.stop();
  });

  async function signedInPage(): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ locale, ...screen });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${server.url}/login`);
    await page.getByLabel(t.login.email).fill(LEAD);
    await page.getByLabel(t.login.password, { exact: true }).fill(PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('user-menu').waitFor();
    return { context, page };
  }

  /** The scheduled cycle in the list: a card on a phone, a table row on a wider screen. */
  const listedCycle = (page: Page): Locator =>
    page.getByTestId(screen === PHONE ? 'cycle-card' : 'cycle-row').filter({ hasText: title });

  async function openSurveys(page: Page) {
    await page.goto(`${server.url}/surveys`);
    await page.getByRole('heading', { name: t.surveys.title, level: 1 }).waitFor();
  }

  it('schedules a pulse, changes its days (also after a parallel change), and cancels it', async () => {
    const { context, page } = await signedInPage();
    await openSurveys(page);
    expect(await page.locator('html').getAttribute('lang')).toBe(language);

    // Schedule a pulse for ten days from now.
    await page.getByTestId('open-cycle').click();
    await page.getByTestId('open-cycle-form').waitFor();
    await page.getByTestId('cycle-title').fill(title);
    await page.getByTestId('cycle-opens-on').fill(dayIn(10));
    await page.getByTestId('cycle-closes-on').fill(dayIn(20));
    await page.getByTestId('open-cycle-submit').click();
    await page.getByTestId('open-cycle-form').waitFor({ state: 'detached' });
    await page
      .getByText(fill(t.surveys.scheduled.created, { title, date: shownDate(locale, dayIn(10)) }))
      .first()
      .waitFor();

    // Listed as scheduled, with its days and nobody invited yet.
    const listed = listedCycle(page);
    await listed.waitFor();
    expect(await listed.getAttribute('data-status')).toBe('scheduled');
    await listed.getByText(t.surveys.scheduled.status, { exact: true }).waitFor();
    await listed.getByText(fill(t.surveys.scheduled.for, { date: shownDate(locale, dayIn(10)) })).waitFor();
    expect(showsDate((await listed.textContent()) ?? '', shownDate(locale, dayIn(20)))).toBe(true);
    await expectAccessible(page, 'the surveys page with a scheduled cycle');
    await screenshot(page, `scheduled-cycle-listed-${language}`);

    // The edit form opens from the keyboard, prefilled, with the focus in its first field.
    await listed.getByTestId('edit-cycle').focus();
    await page.keyboard.press('Enter');
    const form = page.getByTestId('edit-cycle-form');
    await form.waitFor();
    await page.getByRole('dialog', { name: t.surveys.scheduled.edit.title }).waitFor();
    await expect
      .poll(() => page.evaluate<string | null | undefined>('document.activeElement?.getAttribute("data-testid")'))
      .toBe('cycle-title');
    expect(await form.getByTestId('cycle-title').inputValue()).toBe(title);
    expect(await form.getByTestId('cycle-opens-on').inputValue()).toBe(dayIn(10));
    expect(await form.getByTestId('cycle-closes-on').inputValue()).toBe(dayIn(20));
    expect(await form.getByTestId('audience-all').isChecked()).toBe(true);
    await form.getByText(t.surveys.forms.pulse).first().waitFor();
    await expectAccessible(page, 'the open edit form');
    await screenshot(page, `scheduled-cycle-edit-${language}`);

    // A closing day before the opening day is refused in words, before anything is sent.
    await form.getByTestId('cycle-opens-on').fill(dayIn(30));
    await form.getByTestId('edit-cycle-submit').click();
    await form.getByText(t.surveys.scheduled.closesOnBeforeOpening).waitFor();
    expect(await form.getByTestId('cycle-closes-on').getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(page, 'the edit form with a refused closing day');

    // Meanwhile a second tab renames the cycle: this form's save is then refused as stale.
    const other = await context.newPage();
    await openSurveys(other);
    await listedCycle(other).getByTestId('edit-cycle').click();
    const otherForm = other.getByTestId('edit-cycle-form');
    await otherForm.getByTestId('cycle-title').fill(`${title} 2`);
    await otherForm.getByTestId('edit-cycle-submit').click();
    await otherForm.waitFor({ state: 'detached' });
    await other.close();

    await form.getByTestId('cycle-closes-on').fill(dayIn(45));
    await form.getByTestId('edit-cycle-submit').click();
    const stale = form.getByRole('alert').filter({ hasText: t.stale.title });
    await stale.waitFor();
    await expectAccessible(page, 'the edit form refused as stale');
    await screenshot(page, `scheduled-cycle-stale-${language}`);

    // Reloading brings the other tab's change and the days as stored; the change is made again.
    await stale.getByRole('button', { name: t.stale.reload }).click();
    await expect.poll(() => form.getByTestId('cycle-title').inputValue()).toBe(`${title} 2`);
    expect(await form.getByTestId('cycle-opens-on').inputValue()).toBe(dayIn(10));
    expect(await form.getByRole('alert').count()).toBe(0);
    await form.getByTestId('cycle-title').fill(title);
    await form.getByTestId('cycle-opens-on').fill(dayIn(30));
    await form.getByTestId('cycle-closes-on').fill(dayIn(45));
    await form.getByTestId('edit-cycle-submit').click();
    await form.waitFor({ state: 'detached' });
    await page
      .getByText(fill(t.surveys.scheduled.edit.saved, { title, date: shownDate(locale, dayIn(30)) }))
      .first()
      .waitFor();

    // The list shows the new days, and no longer the old ones.
    await listed.getByText(fill(t.surveys.scheduled.for, { date: shownDate(locale, dayIn(30)) })).waitFor();
    const text = (await listed.textContent()) ?? '';
    expect(showsDate(text, shownDate(locale, dayIn(45))), text).toBe(true);
    expect(showsDate(text, shownDate(locale, dayIn(10))), text).toBe(false);
    expect(showsDate(text, shownDate(locale, dayIn(20))), text).toBe(false);
    expect(await listed.getAttribute('data-status')).toBe('scheduled');
    await expectAccessible(page, 'the surveys page after the change');
    await screenshot(page, `scheduled-cycle-changed-${language}`);

    // Cancelled, it leaves the list.
    await listed.getByTestId('cancel-cycle').click();
    const dialog = page.getByRole('dialog', { name: t.surveys.scheduled.cancelTitle });
    await dialog.waitFor();
    await dialog.getByText(fill(t.surveys.scheduled.cancelMessage, { title, date: shownDate(locale, dayIn(30)) })).waitFor();
    await expectAccessible(page, 'the cancel dialog');
    await dialog.getByRole('button', { name: t.surveys.scheduled.cancelConfirm, exact: true }).click();
    await page.getByText(fill(t.surveys.scheduled.cancelled, { title })).first().waitFor();
    await page.getByText(t.surveys.empty, { exact: true }).waitFor();
    expect(await listedCycle(page).count()).toBe(0);
    await expectAccessible(page, 'the surveys page after cancelling');
    await screenshot(page, `scheduled-cycle-cancelled-${language}`);
  });
});
