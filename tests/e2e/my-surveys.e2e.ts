/**
 * Open surveys on the home page, in a real browser on the demo company: after the marketing lead opens a
 * pulse, a rep on a phone-sized screen sees it on the home page, reaches "Answer now" by keyboard and
 * lands on the answering page with a fresh personal link; axe checks the home page with the card.
 */

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import de from '../../web/src/i18n/de.json' with { type: 'json' };
import { launchBrowser, seriousAxeViolations } from './support/browser.js';
import { loadDemoCompany, type RunningServer, startServer } from './support/server.js';

const LEAD = 'marketing.lead@demo.tandem.test';
const REP = 'sales.rep@demo.tandem.test';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** The marketing lead opens a pulse for every sales team over the API. */
async function openPulse(url: string, password: string) {
  const login = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: LEAD, password }),
  });
  expect(login.status).toBe(200);
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const closesOn = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
  const opened = await fetch(`${url}/api/survey-cycles`, {
    method: 'POST',
    headers: { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
    body: JSON.stringify({ form: 'pulse', audienceTeamIds: [], closesOn }),
  });
  expect(opened.status).toBe(201);
}

describe('open surveys on the home page', () => {
  let server: RunningServer;
  let password = '';
  beforeAll(async () => {
    server = await startServer('sqlite');
    password = await loadDemoCompany(server);
  });
  afterAll(async () => {
    await server?.stop();
  });

  async function signIn(page: Page, email: string) {
    await page.goto(`${server.url}/login`);
    await page.getByLabel(de.login.email).fill(email);
    await page.getByLabel(de.login.password, { exact: true }).fill(password);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('user-menu').waitFor();
  }

  it('shows nothing without an open invitation, then the pulse; "Answer now" opens the answering page', async () => {
    const context = await browser.newContext({ locale: 'de-DE', viewport: { width: 360, height: 800 } });
    try {
      const page = await context.newPage();
      await signIn(page, REP);
      await page.getByRole('heading', { level: 1 }).waitFor();
      await page.waitForLoadState('networkidle');
      expect(await page.getByTestId('open-surveys').count()).toBe(0);

      await openPulse(server.url, password);
      await page.reload();
      const card = page.getByTestId('open-surveys');
      await card.waitFor();
      await card.getByRole('heading', { name: de.mySurveys.title, level: 2 }).waitFor();
      expect(await seriousAxeViolations(page), 'axe on the home page with open surveys').toEqual([]);
      const answer = card.getByRole('button', { name: de.mySurveys.answerNow });
      expect(await answer.count()).toBe(1);
      await answer.focus();
      await page.keyboard.press('Enter');
      await page.waitForURL(/\/answer\/[A-Za-z0-9_-]{43}$/);
      await page.getByTestId('answer-intro').waitFor();
    } finally {
      await context.close();
    }
  });
});
