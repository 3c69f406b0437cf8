/**
 * The request portal in a real browser, on the demo company: a rep files a request; a marketer
 * accepts it, answers publicly, writes an internal note and waits for sales; the rep sees the answer
 * but not the note and replies, which resumes the work; the marketer delivers, attaches the file and
 * publishes the deliverable to the asset library; the rep rates and closes the request, finds the asset
 * in the library, marks it as used, and gets it suggested when typing a similar request.
 * Once in German and once in English, each on an empty server; axe checks the queue, the form, the
 * detail page, the library and the asset.
 */

import AxeBuilder from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, launchBrowser } from './support/browser.js';
import { languageRuns } from './support/languages.js';
import { loadDemoCompany, type RunningServer, startServer } from './support/server.js';

const runs = languageRuns;

const REP = 'sales.rep@demo.tandem.test';
const MARKETER = 'marketer@demo.tandem.test';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** An open dialog on its own: what lies under its overlay is inert and checked once the dialog is closed. */
async function expectAccessibleDialog(page: Page, where: string) {
  const results = await new AxeBuilder({ page })
    .include('[role="dialog"]')
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id);
  expect(serious, `axe on ${where}`).toEqual([]);
}

describe.each(runs)('request portal in $language on $database', ({ language, locale, t, database }) => {
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
    // The demo people read German; the English run switches (and saves the choice to the profile).
    if (language === 'en') await page.getByTestId('language-switch').selectOption('en');
    await page.getByRole('link', { name: t.nav.requests, exact: true }).waitFor();
  }

  async function signOut(page: Page) {
    await page.getByTestId('user-menu').click();
    await page.getByTestId('sign-out').click();
    await page.getByTestId('login-submit').waitFor();
  }

  async function expectStatus(page: Page, status: string) {
    await expect.poll(() => page.getByTestId('request-status').getAttribute('data-status')).toBe(status);
  }

  // The whole flow with two people in two browsers takes minutes on a busy two-core machine.
  it('files, works, answers, delivers, publishes, rates and closes a request, and reuses the asset', async () => {
    // A made-up place name keeps the title findable among the demo company's own requests and assets.
    const place = 'Quellental';
    const title =
      language === 'de' ? `Fallstudie ${place} Maschinenbau für Messe` : `${place} manufacturing case study for the fair`;
    const publicAnswer = language === 'de' ? 'Welche Zielgruppe genau?' : 'Which audience exactly?';
    const internalNote = language === 'de' ? 'Budget intern noch klären' : 'Clarify the budget internally';
    const repAnswer = language === 'de' ? 'Einkaufsleiter im Mittelstand.' : 'Purchasing heads at mid-sized firms.';

    const repContext: BrowserContext = await browser.newContext({ locale, viewport: { width: 390, height: 844 } });
    const rep = await repContext.newPage();
    const marketerContext: BrowserContext = await browser.newContext({ locale, viewport: { width: 1280, height: 900 } });
    const marketer = await marketerContext.newPage();

    // The rep files a request from the phone.
    await signIn(rep, REP);
    await rep.goto(`${server.url}/requests`);
    await rep.getByRole('heading', { name: t.requests.mineTitle }).waitFor();
    // The demo company may already have requests of this rep: the list or its empty state.
    await rep.getByTestId('request-card').or(rep.getByText(t.requests.emptyMine)).first().waitFor();
    await expectAccessible(rep, 'my requests');
    await rep.getByTestId('new-request').click();
    await rep.getByRole('heading', { name: t.requests.new }).waitFor();
    // Sending empty shows the checks before anything is stored.
    await rep.getByTestId('request-submit').click();
    await rep.getByText(t.requests.form.typeRequired).waitFor();
    await rep.getByTestId('request-type').click();
    await rep.getByRole('listbox').getByRole('option').first().click();
    await rep.getByTestId('request-title').fill(title);
    await rep.getByTestId('request-description').fill('Zwei Seiten, PDF.');
    await rep.getByTestId('request-due').fill('2099-06-30');
    await expectAccessible(rep, 'new request form');
    await rep.getByTestId('request-submit').click();
    await expect.poll(() => rep.url()).toMatch(/\/requests\/[0-9a-f-]{36}$/);
    const detailUrl = rep.url();
    await rep.getByRole('heading', { name: new RegExp(`^#\\d+ ${title}$`) }).waitFor();
    await expectStatus(rep, 'new');
    await expectAccessible(rep, 'request detail (rep)');
    await signOut(rep);

    // The marketer finds it in the queue, accepts it, answers and notes, and waits for sales.
    await signIn(marketer, MARKETER);
    await marketer.goto(`${server.url}/requests`);
    await marketer.getByRole('heading', { name: t.requests.queueTitle }).waitFor();
    await marketer.getByLabel(t.requests.search).fill(title.slice(0, 12));
    const row = marketer.getByTestId('request-row').filter({ hasText: title });
    await row.waitFor();
    await expectAccessible(marketer, 'queue');
    await row.getByRole('link', { name: title }).click();
    await expectStatus(marketer, 'new');
    await marketer.getByTestId('transition-accepted').click();
    await expectStatus(marketer, 'accepted');
    await marketer.getByTestId('assign-me').click();
    // Assigned to the marketer, the "assign to me" button goes away.
    await marketer.getByTestId('assign-me').waitFor({ state: 'detached' });

    await marketer.getByTestId('comment-body').fill(publicAnswer);
    await marketer.getByTestId('comment-submit').click();
    await marketer.getByTestId('comment').filter({ hasText: publicAnswer }).waitFor();
    await marketer.getByLabel(t.requests.comments.internalSwitch).check();
    await marketer.getByTestId('comment-body').fill(internalNote);
    await marketer.getByTestId('comment-submit').click();
    const note = marketer.getByTestId('comment').filter({ hasText: internalNote });
    await note.waitFor();
    expect(await note.getAttribute('data-visibility')).toBe('internal');
    await note.getByText(t.requests.comments.internalBadge).waitFor();
    await marketer.getByTestId('transition-waiting_for_sales').click();
    await expectStatus(marketer, 'waiting_for_sales');
    await expectAccessible(marketer, 'request detail (marketer)');

    // The rep sees the public answer but not the internal note, and answers: the work resumes.
    await signIn(rep, REP);
    await rep.goto(detailUrl);
    await expectStatus(rep, 'waiting_for_sales');
    await rep.getByTestId('comment').filter({ hasText: publicAnswer }).waitFor();
    expect(await rep.getByText(internalNote).count()).toBe(0);
    expect(await rep.getByTestId('comment').count()).toBe(1);
    await rep.getByText(t.requests.waitingTitle).waitFor();
    await rep.getByTestId('comment-body').fill(repAnswer);
    await rep.getByTestId('comment-submit').click();
    await rep.getByTestId('comment').filter({ hasText: repAnswer }).waitFor();
    await expectStatus(rep, 'in_progress');

    // The marketer delivers, attaches the file, and publishes the deliverable to the library.
    await marketer.goto(detailUrl);
    await expectStatus(marketer, 'in_progress');
    await marketer.getByTestId('comment').filter({ hasText: repAnswer }).waitFor();
    await marketer.getByTestId('transition-delivered').click();
    await expectStatus(marketer, 'delivered');
    await marketer.getByText(t.attachments.empty).first().waitFor();
    await marketer
      .locator('input[type="file"]')
      .first()
      .setInputFiles({ name: 'fallstudie.txt', mimeType: 'text/plain', buffer: Buffer.from('Fallstudie / case study\n') });
    await marketer.getByTestId('attachment-upload').click();
    await marketer.getByTestId('attachment').filter({ hasText: 'fallstudie.txt' }).waitFor();
    await marketer.getByTestId('asset-publish-open').click();
    await marketer.getByRole('dialog').waitFor();
    await marketer.getByTestId('asset-url').fill('https://intranet.example.test/fallstudie');
    expect(await marketer.getByTestId('asset-title').inputValue()).toBe(title);
    await marketer
      .getByTestId('asset-description')
      .fill(language === 'de' ? 'Zwei Seiten für die Messe.' : 'Two pages for the fair.');
    await marketer.getByTestId('asset-tags').fill('messe');
    await marketer.getByTestId('asset-tags').press('Enter');
    await expectAccessibleDialog(marketer, 'publish dialog');
    await marketer.getByTestId('asset-publish-submit').click();
    await marketer.getByTestId('asset-published').waitFor();
    // The confirmation toast fades out on its own; axe would catch it half transparent.
    await marketer.getByText(t.assets.publish.done).waitFor({ state: 'detached', timeout: 15_000 });
    await expectAccessible(marketer, 'request detail after publishing');

    // The rep rates the delivery and closes it; the activity tells the story in the rep's language.
    await rep.goto(detailUrl);
    await expectStatus(rep, 'delivered');
    await rep.getByTestId('attachment').filter({ hasText: 'fallstudie.txt' }).waitFor();
    await rep.getByTestId('rating-score-5').check();
    await rep.getByTestId('rating-comment').fill(language === 'de' ? 'Schnell und passend.' : 'Quick and to the point.');
    await rep.getByTestId('rating-extra-mile').check();
    await expectAccessible(rep, 'rating form');
    await rep.getByTestId('rating-submit').click();
    await rep.getByTestId('rating-view').getByText(t.rating.extraMileGiven).waitFor();
    await rep.getByTestId('transition-closed').click();
    await expectStatus(rep, 'closed');
    await rep.getByTestId('timeline').getByText(t.requests.timeline.commented.replace('{{actor}}', '').trim()).first().waitFor();
    await rep.goto(`${server.url}/requests`);
    // On the phone the list shows cards.
    await rep.getByTestId('request-card').filter({ hasText: title }).getByText(t.requestStatus.closed).waitFor();

    // The rep finds the deliverable in the library by the start of a word and counts its reuse once.
    await rep.goto(`${server.url}/library`);
    await rep.getByRole('heading', { name: t.assets.title }).waitFor();
    await rep.getByLabel(t.assets.search).fill(place.slice(0, 6));
    const card = rep.getByTestId('asset-card').filter({ hasText: title });
    await card.waitFor();
    await expectAccessible(rep, 'asset library');
    await card.getByRole('link', { name: title }).click();
    await rep.getByRole('heading', { name: title }).waitFor();
    await rep.getByTestId('asset-used').click();
    const counted = `${t.assets.reuseCount_one.replace('{{count}}', '1')} · ${t.assets.reusedByMe}`;
    await rep.getByTestId('asset-reuse-count').getByText(counted).waitFor();
    await rep.getByText(t.assets.usedAlready).waitFor();
    await rep.getByText(t.assets.reuseThanks).waitFor({ state: 'detached', timeout: 15_000 });
    await expectAccessible(rep, 'asset detail');

    // Typing a similar request brings up the earlier request and the asset.
    await rep.goto(`${server.url}/requests/new`);
    await rep.getByTestId('request-title').fill(`${place} ${language === 'de' ? 'Referenz' : 'reference'}`);
    const suggestions = rep.getByTestId('suggestions');
    await suggestions.getByTestId('suggested-asset').filter({ hasText: title }).waitFor();
    await suggestions.getByTestId('suggested-request').filter({ hasText: title }).waitFor();
    await expectAccessible(rep, 'new request form with suggestions');

    await marketerContext.close();
    await repContext.close();
  }, 300_000);
});
