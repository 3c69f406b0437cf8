/**
 * Results of a trust pulse in a real browser on a phone-sized screen (390×844). An organisation with a
 * marketing lead and one sales team of six reps (minimum group size 5, the default) is set up through
 * the API; the lead opens a pulse for that team. Four reps answer from their personal links, two in
 * German and two in English: the results stay hidden, with words and no number. The fifth answers: the
 * figures appear. The lead sends a reminder, which reaches exactly the one rep who has not answered; a
 * second round is the last, and the page says so. axe checks the results page in both states and both
 * languages.
 */

import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import de from '../../web/src/i18n/de.json' with { type: 'json' };
import en from '../../web/src/i18n/en.json' with { type: 'json' };
import { expectAccessible, launchBrowser } from './support/browser.js';
import { e2eDatabases, type RunningServer, startServer } from './support/server.js';

const PASSWORD = 'pulse-results-e2e-password';
const ADMIN = 'admin@pulse.tandem.test';
const LEAD = 'marketing.lead@pulse.tandem.test';
const TEAM = 'Vertrieb Nord';
/** Six reps; the first four answer (two German, two English), the fifth next, the sixth never. */
const REPS = [
  { email: 'rep1@pulse.tandem.test', locale: 'de' },
  { email: 'rep2@pulse.tandem.test', locale: 'de' },
  { email: 'rep3@pulse.tandem.test', locale: 'en' },
  { email: 'rep4@pulse.tandem.test', locale: 'en' },
  { email: 'rep5@pulse.tandem.test', locale: 'de' },
  { email: 'rep6@pulse.tandem.test', locale: 'en' },
] as const;
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true } as const;

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

interface OutboxMail {
  id: string;
  to: string;
  subject: string;
  text: string;
}

/** The admin's side of the set-up, through the API with the session cookie and CSRF token. */
class AdminApi {
  private cookie = '';
  private csrf = '';
  constructor(private readonly url: string) {}

  async setUp() {
    const response = await fetch(`${this.url}/api/setup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ organisationName: 'Pulse GmbH', adminName: 'Ada Admin', adminEmail: ADMIN, password: PASSWORD }),
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

  async outbox(): Promise<OutboxMail[]> {
    const response = await fetch(`${this.url}/api/outbox?pageSize=200`, { headers: { cookie: this.cookie } });
    expect(response.status).toBe(200);
    return ((await response.json()) as { items: OutboxMail[] }).items;
  }
}

const linkIn = (text: string, kind: 'invite' | 'answer') =>
  new RegExp(`https?://\\S+?/${kind}/([A-Za-z0-9_-]+)`).exec(text)?.[1] ?? null;

describe.each(e2eDatabases)('pulse results on %s', (database) => {
  let server: RunningServer;
  let admin: AdminApi;
  let teamId = '';
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    server = await startServer(database);
    admin = new AdminApi(server.url);
    await admin.setUp();
    const team = await admin.post<{ id: string }>('/api/teams', { name: TEAM, kind: 'sales', region: 'Nord' });
    teamId = team.id;
    await admin.post('/api/people', { email: LEAD, name: 'Mara Marketing', role: 'marketing_lead', locale: 'de' });
    for (const [index, rep] of REPS.entries()) {
      await admin.post('/api/people', {
        email: rep.email,
        name: `Rep ${index + 1}`,
        role: 'sales_rep',
        teamId,
        startDate: '2020-03-01',
        locale: rep.locale,
      });
    }
    // Only people who accepted their invitation are active, and only active people are asked.
    for (const mail of await admin.outbox()) {
      const token = linkIn(mail.text, 'invite');
      if (!token) continue;
      const accepted = await fetch(`${server.url}/api/auth/invitations/accept`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token, password: PASSWORD }),
      });
      expect(accepted.status, mail.to).toBeLessThan(300);
    }
  });
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await server?.stop();
  });

  async function newPage(options: Parameters<Browser['newContext']>[0]) {
    const context = await browser.newContext(options);
    contexts.push(context);
    return context.newPage();
  }

  /** The newest personal answering link per recipient. */
  async function answerLinks(): Promise<Map<string, string>> {
    const links = new Map<string, string>();
    for (const mail of await admin.outbox()) {
      const token = linkIn(mail.text, 'answer');
      if (token && !links.has(mail.to)) links.set(mail.to, `${server.url}/answer/${token}`);
    }
    return links;
  }

  /** Answers every page of the form: statements with `likert`, the iNPS with 9, free text where asked. */
  async function answerPulse(link: string, locale: 'de' | 'en', likert: string) {
    const page = await newPage({ locale: locale === 'de' ? 'de-DE' : 'en-GB', ...PHONE });
    // Failed loads, so that a link showing nothing explains itself (a build replacing dist/ mid-run does that).
    const failed: string[] = [];
    page.on('response', (response) => {
      if (response.status() >= 400) failed.push(`${response.status()} ${response.url()}`);
    });
    await page.goto(link);
    // The first screen the link shows: the introduction, or a message why the link cannot be used.
    const screen = page.locator('.card[data-testid]').first();
    await screen.waitFor().catch((error: Error) => {
      throw new Error(`${link} showed no screen; failed loads: ${failed.join(', ') || 'none'}`, { cause: error });
    });
    expect(await screen.getAttribute('data-testid'), `${link}: ${await page.locator('body').textContent()}`).toBe('answer-intro');
    expect(await page.locator('html').getAttribute('lang')).toBe(locale);
    await page.getByTestId('answer-start').click();
    for (;;) {
      const questions = page.getByTestId('answer-block').locator('[data-item]');
      const count = await questions.count();
      for (let i = 0; i < count; i++) {
        const question = questions.nth(i);
        const itemId = (await question.getAttribute('data-item')) ?? '';
        if (await question.locator('textarea').count()) {
          await question.locator('textarea').fill(locale === 'de' ? 'Öfter mit ins Feld kommen.' : 'Join us in the field more.');
        } else if (itemId === 'INPS') {
          await question.locator('label').filter({ hasText: /^9$/ }).click();
        } else {
          await question.locator(`input[value="${likert}"]`).check();
        }
      }
      if (await page.getByTestId('answer-submit').count()) break;
      const index = await page.getByTestId('answer-block').getAttribute('data-index');
      await page.getByTestId('answer-next').click();
      await expect.poll(() => page.getByTestId('answer-block').getAttribute('data-index')).not.toBe(index);
    }
    await page.getByTestId('answer-submit').click();
    await page.getByTestId('answer-thanks').waitFor();
    await page.context().close();
  }

  it('hides a team of six below five answers, shows it at five, and reminds only the one left', async () => {
    const lead = await newPage({ locale: 'de-DE', ...PHONE });
    await lead.goto(`${server.url}/login`);
    await lead.getByLabel(de.login.email).fill(LEAD);
    await lead.getByLabel(de.login.password, { exact: true }).fill(PASSWORD);
    await lead.getByTestId('login-submit').click();
    await lead.getByTestId('user-menu').waitFor();

    // The lead opens a pulse for the team of six.
    await lead.goto(`${server.url}/surveys`);
    await lead.getByRole('heading', { name: de.surveys.title, level: 1 }).waitFor();
    await lead.getByTestId('open-cycle').click();
    await lead.getByTestId('open-cycle-form').waitFor();
    await lead.getByTestId('audience-chosen').check();
    await lead.getByTestId('cycle-teams').click();
    await lead.getByRole('option', { name: TEAM }).click();
    await lead.keyboard.press('Escape');
    await lead.getByTestId('open-cycle-submit').click();
    await lead.getByTestId('open-cycle-form').waitFor({ state: 'detached' });
    const card = lead.getByTestId('cycle-card');
    await expect.poll(() => card.count()).toBe(1);

    const links = await answerLinks();
    expect([...links.keys()].sort()).toEqual(REPS.map((rep) => rep.email).sort());
    const linkOf = (index: number) => links.get(REPS[index]?.email ?? '') ?? '';

    // Four answer, two in German and two in English: below the minimum of five.
    for (const index of [0, 1, 2, 3]) {
      const rep = REPS[index];
      if (rep) await answerPulse(linkOf(index), rep.locale, index % 2 === 0 ? '4' : '5');
    }
    await card.getByTestId('cycle-results-link').click();
    await lead.getByTestId('results-page').waitFor();
    const withheld = lead.getByTestId('results-withheld');
    await withheld.waitFor();
    expect(await withheld.getAttribute('data-reason')).toBe('below_minimum');
    await withheld.getByText(de.surveys.results.withheld.notYet.title).waitFor();
    // Words only: no figure, no count of answers anywhere in the results area.
    expect(await withheld.textContent()).not.toMatch(/\d/);
    expect(await lead.getByTestId('results').count()).toBe(0);
    expect(await lead.getByTestId('results-filters').count()).toBe(0);
    await expectAccessible(lead, 'the results page with too few answers');
    await screenshot(lead, 'pulse-results-hidden-de');

    // The fifth answers: figures appear for the team.
    await answerPulse(linkOf(4), 'de', '4');
    await lead.reload();
    await lead.getByTestId('results').waitFor();
    expect(await lead.getByTestId('trust-index').textContent()).toMatch(/\d/);
    expect(await lead.getByTestId('inps').textContent()).toMatch(/\+100/);
    // 5 of 6 answered.
    expect(await lead.getByTestId('response-rate').textContent()).toMatch(/83\s?%/);
    expect(await lead.getByTestId('driver-row').count()).toBe(8);
    expect(await lead.getByTestId('statement-row').count()).toBe(10);
    expect(await lead.getByTestId('statement-row').first().getByTestId('not-enough').count()).toBe(0);
    const teamGroup = lead.getByTestId('breakdown-team').getByTestId('breakdown-group');
    expect(await teamGroup.getAttribute('data-available')).toBe('true');
    await teamGroup.getByText(TEAM).waitFor();
    // Comments need ten answers by default.
    await lead.getByTestId('comments-hidden').waitFor();
    await expectAccessible(lead, 'the results page with five answers');
    await screenshot(lead, 'pulse-results-shown-de');

    // The team filter (the whole audience here) is allowed; a group nobody is in is refused, in words.
    await lead.getByTestId('filter-team').selectOption(teamId);
    await expect.poll(() => lead.url()).toContain(`team=${teamId}`);
    await lead.getByTestId('results').waitFor();
    await lead.goto(`${server.url}${new URL(lead.url()).pathname}?team=00000000-0000-4000-8000-000000000000`);
    await lead.getByTestId('results-withheld').getByText(de.surveys.results.withheld.below_minimum.title).waitFor();
    await screenshot(lead, 'pulse-results-refused-de');
    await lead.getByTestId('filters-reset').click();
    await lead.getByTestId('results').waitFor();

    // The reminder reaches exactly the one who has not answered.
    const before = new Set((await admin.outbox()).map((mail) => mail.id));
    await lead.getByTestId('send-reminders').click();
    await lead.getByTestId('reminders-result').getByText('1 Person wurde erinnert.').waitFor();
    const reminded = (await admin.outbox()).filter((mail) => !before.has(mail.id));
    expect(reminded.map((mail) => mail.to)).toEqual([REPS[5].email]);
    expect(reminded[0]?.subject).toMatch(/^Reminder – /);
    expect(linkIn(reminded[0]?.text ?? '', 'answer')).not.toBeNull();

    // A second round is the last: the button is then disabled, with the reason next to it.
    await expect.poll(() => lead.getByTestId('reminders-explanation').textContent()).toMatch(/1 von 2/);
    await lead.getByTestId('send-reminders').click();
    await lead.getByTestId('reminders-result').getByText('1 Person wurde erinnert.').waitFor();
    await expect.poll(() => lead.getByTestId('send-reminders').isDisabled()).toBe(true);
    await lead
      .getByTestId('reminders-explanation')
      .getByText(de.surveys.results.reminders.limit.replace('{{max}}', '2'))
      .waitFor();

    // The same page in English, usable and accessible.
    await lead.getByTestId('language-switch').selectOption('en');
    await lead.getByText(en.surveys.results.drivers.title, { exact: true }).waitFor();
    await expectAccessible(lead, 'the results page in English');
    await screenshot(lead, 'pulse-results-shown-en');
    if (process.env.E2E_SCREENSHOTS) {
      await lead.setViewportSize({ width: 1280, height: 900 });
      await screenshot(lead, 'pulse-results-shown-en-1280');
      await lead.setViewportSize(PHONE.viewport);
    }

    // Closing from the results page.
    await lead.getByTestId('close-cycle').click();
    await lead.getByRole('dialog').getByRole('button', { name: en.surveys.closeConfirm, exact: true }).click();
    await expect.poll(() => lead.getByTestId('cycle-status').getAttribute('data-status')).toBe('closed');
    await lead.getByTestId('reminders-explanation').getByText(en.surveys.results.reminders.closed).waitFor();
    expect(await lead.getByTestId('close-cycle').count()).toBe(0);

    // The monthly pulse can open by itself: switched on from the surveys page, and still on after a reload.
    await lead.getByRole('link', { name: en.surveys.results.back }).click();
    const pulseSchedule = lead.getByTestId('schedule-pulse');
    await pulseSchedule.waitFor();
    await lead.getByTestId('schedule-pulse-active').check({ force: true });
    await lead.getByTestId('schedule-pulse-day').fill('28');
    await pulseSchedule.getByRole('button', { name: `Save ${en.surveys.schedules.pulse.name}` }).click();
    await lead.getByText(`${en.surveys.schedules.pulse.name} is switched on.`).first().waitFor();
    await expectAccessible(lead, 'the surveys page with its schedules');
    await screenshot(lead, 'surveys-schedules-en');
    await lead.reload();
    await expect.poll(() => lead.getByTestId('schedule-pulse-active').isChecked()).toBe(true);
    expect(await lead.getByTestId('schedule-pulse-day').inputValue()).toBe('28');
    expect(await lead.getByTestId('schedule-trust_check-active').isChecked()).toBe(false);
  });
});
