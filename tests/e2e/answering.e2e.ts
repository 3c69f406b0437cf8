/**
 * Trust pulses in a real browser, on the demo company: the marketing lead opens a pulse on the surveys
 * page; two invitees answer it on a phone-sized screen from the links in the outbox, one in German and
 * one switching to English, going through every page. A half-filled draft survives a reload, "can't
 * judge" is used, a link answered once says so, sending with nothing answered says why it cannot, and
 * after closing every link says closed; axe checks the surveys page, the introduction, a
 * page of statements and the thank-you screen.
 */

import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import de from '../../web/src/i18n/de.json' with { type: 'json' };
import { expectAccessible, launchBrowser } from './support/browser.js';
import { e2eDatabases, loadDemoCompany, type RunningServer, startServer } from './support/server.js';

const LEAD = 'marketing.lead@demo.tandem.test';
const ADMIN = 'admin@demo.tandem.test';

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

describe.each([e2eDatabases[0] ?? 'sqlite'])('answering a pulse on %s', (database) => {
  let server: RunningServer;
  let password = '';
  const contexts: BrowserContext[] = [];
  beforeAll(async () => {
    server = await startServer(database);
    password = await loadDemoCompany(server);
  });
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await server?.stop();
  });

  async function newContext(options: Parameters<Browser['newContext']>[0]) {
    const context = await browser.newContext(options);
    contexts.push(context);
    return context;
  }

  async function signIn(page: Page, email: string) {
    await page.goto(`${server.url}/login`);
    await page.getByLabel(de.login.email).fill(email);
    await page.getByLabel(de.login.password, { exact: true }).fill(password);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('user-menu').waitFor();
  }

  async function headingHasFocus(page: Page) {
    await expect.poll(() => page.evaluate<string | undefined>('document.activeElement?.id')).toBe('block-heading');
  }

  /** Answers every question of the page on screen: statements with `likert`, the iNPS with 8, texts. */
  async function answerPage(page: Page, likert: string, options: { cantJudgeFirst?: boolean } = {}) {
    const block = page.getByTestId('answer-block');
    const questions = block.locator('[data-item]');
    const count = await questions.count();
    expect(count).toBeGreaterThan(0);
    for (let i = 0; i < count; i++) {
      const question = questions.nth(i);
      const itemId = (await question.getAttribute('data-item')) ?? '';
      if (await question.locator('textarea').count()) {
        await question.locator('textarea').fill(`Mehr gemeinsame Kundenbesuche (${itemId}).`);
      } else if (itemId === 'INPS') {
        await question.locator('label').filter({ hasText: /^8$/ }).click();
      } else if (options.cantJudgeFirst && i === 0) {
        await page.getByTestId(`cant-judge-${itemId}`).check();
      } else {
        await question.locator(`input[value="${likert}"]`).check();
      }
    }
  }

  async function answerLinks(): Promise<string[]> {
    const adminContext = await newContext({ locale: 'de-DE', viewport: { width: 1280, height: 900 } });
    const admin = await adminContext.newPage();
    await signIn(admin, ADMIN);
    const response = await admin.request.get(`${server.url}/api/outbox?pageSize=200`);
    expect(response.status()).toBe(200);
    const outbox = (await response.json()) as { items: { to: string; text: string }[] };
    // Invitations go out in each invitee's language: German ones first, so the first link opens in German.
    const german = (message: { text: string }) => message.text.startsWith('Hallo ');
    const links = [...outbox.items.filter(german), ...outbox.items.filter((message) => !german(message))]
      .map((message) => /https?:\/\/\S+?\/answer\/[A-Za-z0-9_-]+/.exec(message.text)?.[0])
      .filter((link): link is string => Boolean(link))
      .map((link) => `${server.url}${new URL(link).pathname}`);
    return [...new Set(links)];
  }

  it('opens a pulse on the surveys page; two invitees answer it on a phone', async () => {
    // The marketing lead opens a pulse for every sales team.
    const leadContext = await newContext({ locale: 'de-DE', viewport: { width: 1280, height: 900 } });
    const lead = await leadContext.newPage();
    await signIn(lead, LEAD);
    await lead.getByRole('link', { name: de.surveys.nav, exact: true }).click();
    await lead.getByRole('heading', { name: de.surveys.title, level: 1 }).waitFor();
    // The demo company brings two years of closed pulses; the new cycle comes first in the list.
    await lead.getByTestId('cycle-row').first().waitFor();
    expect(await lead.getByTestId('cycle-row').first().getAttribute('data-status')).toBe('closed');
    await lead.getByTestId('open-cycle').click();
    await lead.getByTestId('open-cycle-form').waitFor();
    await expectAccessible(lead, 'the open-cycle form');
    await screenshot(lead, 'open-cycle-form-de');
    await lead.getByTestId('audience-all').check();
    await lead.getByTestId('open-cycle-submit').click();
    await lead.getByTestId('open-cycle-form').waitFor({ state: 'detached' });
    const row = lead.getByTestId('cycle-row').first();
    await expect.poll(() => row.getAttribute('data-status')).toBe('open');
    await row.getByText(de.surveys.notEnoughYet).waitFor();
    await expectAccessible(lead, 'the surveys page');

    // A link that does not exist says so, in the page's own bundle (no SPA).
    const strangerContext = await newContext({ locale: 'de-DE', viewport: { width: 390, height: 844 } });
    const stranger = await strangerContext.newPage();
    await stranger.goto(`${server.url}/answer/this-link-does-not-exist-0123456789`);
    await stranger.getByTestId('answer-invalid').waitFor();
    expect(await stranger.locator('script[src*="/assets/main-"]').count()).toBe(0);

    const links = await answerLinks();
    expect(links.length).toBeGreaterThanOrEqual(2);
    const [germanLink, englishLink] = links as [string, string];

    // First invitee: German, through every page, "can't judge" once, keyboard on the second page.
    const phone = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true } as const;
    const firstContext = await newContext({ locale: 'de-DE', ...phone });
    const first = await firstContext.newPage();
    await first.goto(germanLink);
    await first.getByTestId('answer-intro').waitFor();
    expect(await first.locator('html').getAttribute('lang')).toBe('de');
    await first.getByRole('heading', { name: 'Ihre Antworten sind anonym' }).waitFor();
    await first.getByText(/Antworten möglich bis \d{1,2}\. \S+ \d{4}/).waitFor();
    await expectAccessible(first, 'the introduction (de)');
    await screenshot(first, 'answer-intro-de');
    await first.getByTestId('answer-start').click();
    await headingHasFocus(first);
    const total = Number(/von (\d+)/.exec((await first.getByTestId('answer-progress').textContent()) ?? '')?.[1]);
    expect(total).toBeGreaterThanOrEqual(3);
    await expectAccessible(first, 'a page of statements (de)');
    await screenshot(first, 'answer-block-de');
    for (let index = 0; index < total; index++) {
      await expect.poll(() => first.getByTestId('answer-block').getAttribute('data-index')).toBe(String(index));
      await first.getByText(`Seite ${index + 1} von ${total}`).waitFor();
      if (index === 1) {
        // Keyboard only: from the focused heading, Tab reaches the first choice and Space picks it.
        await first.keyboard.press('Tab');
        await first.keyboard.press('Space');
        expect(await first.locator('[data-item] input[type=radio]').first().isChecked()).toBe(true);
      }
      await answerPage(first, '4', { cantJudgeFirst: index === 0 });
      if ((await first.getByTestId('answer-block').getAttribute('data-block')) === 'INPS')
        await screenshot(first, 'answer-inps-de');
      if (index < total - 1) {
        await first.getByTestId('answer-next').click();
        await headingHasFocus(first);
      }
    }
    await screenshot(first, 'answer-last-de');
    // The token itself is never written to the device, only its hash.
    const token = new URL(germanLink).pathname.split('/').pop() ?? '';
    expect(await first.evaluate<string>('JSON.stringify({ ...localStorage })')).not.toContain(token);
    await first.getByTestId('answer-submit').click();
    await first.getByTestId('answer-thanks').waitFor();
    await first.getByRole('heading', { name: 'Vielen Dank!' }).waitFor();
    await expectAccessible(first, 'the thank-you screen (de)');
    expect(
      await first.evaluate<string[]>('Object.keys(localStorage).filter((k) => /^tandem\\.answer\\.[0-9a-f]{64}$/.test(k))'),
    ).toEqual([]);
    await first.reload();
    await first.getByTestId('answer-already').waitFor();
    await first.getByRole('heading', { name: 'Sie haben bereits geantwortet' }).waitFor();

    // Second invitee: switches to English; a half-filled draft survives a reload.
    const secondContext = await newContext({ locale: 'de-DE', ...phone });
    const second = await secondContext.newPage();
    await second.goto(englishLink);
    await second.getByTestId('answer-intro').waitFor();
    await second.getByTestId('answer-lang-en').click();
    expect(await second.locator('html').getAttribute('lang')).toBe('en');
    await second.getByRole('heading', { name: 'Your answers are anonymous' }).waitFor();
    await second.getByText(/Open for answers until \d{1,2} \S+ \d{4}/).waitFor();
    await expectAccessible(second, 'the introduction (en)');
    await screenshot(second, 'answer-intro-en');
    await second.getByTestId('answer-start').click();
    await headingHasFocus(second);
    await second.getByText(`Page 1 of ${total}`).waitFor();
    await second.getByText("can't judge").first().waitFor();
    await answerPage(second, '2');
    const firstPageItems = await second
      .getByTestId('answer-block')
      .locator('[data-item]')
      .evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-item')));
    await second.getByTestId('answer-next').click();
    await second.getByText(`Page 2 of ${total}`).waitFor();
    await expectAccessible(second, 'a page of statements (en)');
    await screenshot(second, 'answer-block-en');
    await second.reload();
    await expect.poll(() => second.getByTestId('answer-block').getAttribute('data-index')).toBe('1');
    await second.getByText(`Page 2 of ${total}`).waitFor();
    expect(await second.locator('html').getAttribute('lang')).toBe('en');
    await second.getByTestId('answer-back').click();
    await headingHasFocus(second);
    for (const itemId of firstPageItems) {
      expect(await second.locator(`[data-item="${itemId}"] input[value="2"]`).isChecked(), `${itemId} kept`).toBe(true);
    }
    for (let index = 0; index < total; index++) {
      await expect.poll(() => second.getByTestId('answer-block').getAttribute('data-index')).toBe(String(index));
      if (index > 0) await answerPage(second, '5');
      if (index < total - 1) await second.getByTestId('answer-next').click();
    }
    // The connection drops on the first try: the draft stays, and the retry (same client key) goes through.
    await second.route('**/api/answer/*', (route) =>
      route.request().method() === 'POST' ? route.abort('internetdisconnected') : route.continue(),
    );
    await second.getByTestId('answer-submit').click();
    await second.getByTestId('answer-submit-error').getByText('No connection').waitFor();
    await second.unroute('**/api/answer/*');
    await second.getByTestId('answer-submit').click();
    await second.getByTestId('answer-thanks').waitFor();
    await second.getByRole('heading', { name: 'Thank you!' }).waitFor();
    await expectAccessible(second, 'the thank-you screen (en)');
    await screenshot(second, 'answer-thanks-en');
    await second.reload();
    await second.getByTestId('answer-already').waitFor();

    // A third invitee goes through every page without answering: sending says why it cannot, and the
    // server is not asked (a response without any answer is refused there too).
    const emptyLink = links[2];
    expect(emptyLink).toBeDefined();
    const empty = await (await newContext({ locale: 'en-GB', ...phone })).newPage();
    let posted = 0;
    empty.on('request', (request) => {
      if (request.method() === 'POST' && request.url().includes('/api/answer/')) posted++;
    });
    await empty.goto(emptyLink as string);
    await empty.getByTestId('answer-intro').waitFor();
    await empty.getByTestId('answer-lang-en').click();
    await empty.getByTestId('answer-start').click();
    for (let index = 0; index < total - 1; index++) {
      await expect.poll(() => empty.getByTestId('answer-block').getAttribute('data-index')).toBe(String(index));
      await empty.getByTestId('answer-next').click();
    }
    await empty.getByTestId('answer-submit').click();
    await empty.getByTestId('answer-submit-error').getByText('No answer yet').waitFor();
    await empty.getByText(/Answer at least one statement or question/).waitFor();
    await expectAccessible(empty, 'the hint to answer something');
    expect(posted).toBe(0);

    // The surveys page still hides the count: two answers are below the minimum group size.
    await lead.reload();
    await lead.getByTestId('cycle-row').first().getByText(de.surveys.notEnoughYet).waitFor();
    await screenshot(lead, 'surveys-page-de');

    // Closing the cycle, after a confirmation: a link not used yet now says the survey is closed.
    await lead
      .getByTestId('cycle-row')
      .first()
      .getByRole('button', { name: /schließen/i })
      .click();
    await lead.getByRole('dialog').getByRole('button', { name: de.surveys.closeConfirm, exact: true }).click();
    await expect.poll(() => lead.getByTestId('cycle-row').first().getAttribute('data-status')).toBe('closed');
    await lead.getByTestId('cycle-row').first().getByText(de.surveys.status.closed).waitFor();
    const unused = links[2];
    if (unused) {
      const third = await (await newContext({ locale: 'en-GB', ...phone })).newPage();
      await third.goto(unused);
      await third.getByTestId('answer-closed').waitFor();
      await expectAccessible(third, 'the closed message');
      await screenshot(third, 'answer-closed');
    }
    // Closing forgot who answered: the link that was answered says "closed" too, not "already answered".
    await first.reload();
    await first.getByTestId('answer-closed').waitFor();
    await lead.setViewportSize({ width: 390, height: 844 });
    await lead.waitForTimeout(600);
    await screenshot(lead, 'surveys-page-de-390');
  });
});
