/**
 * Debian's Chromium driven by playwright-core, plus the axe check every page must pass.
 */
import AxeBuilder from '@axe-core/playwright';
import { type Browser, chromium, type Page } from 'playwright-core';
import { expect } from 'vitest';

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
}

/** Serious and critical WCAG 2.1 AA violations on the page as it is now; the list must be empty. */
export async function seriousAxeViolations(page: Page): Promise<string[]> {
  await settleTransitions(page);
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} — ${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 3)
          .join(', ')}`,
    );
}

/** Fails the test with every serious violation listed, naming the state of the page that was checked. */
export async function expectAccessible(page: Page, where: string): Promise<void> {
  expect(await seriousAxeViolations(page), `axe on ${where}`).toEqual([]);
}

/**
 * Waits until no finite CSS transition or animation runs any more. A toast, a menu or a dialog caught
 * half-faded has its text blended with the background, and axe would report a contrast failure that no
 * one ever sees. A transition may start a frame after its element appears (a dialog that has just
 * mounted), so the page gets two frames before each look, and looks again after what it waited for.
 * Endless animations (loaders) are left running; the whole wait is capped.
 */
async function settleTransitions(page: Page): Promise<void> {
  await page.evaluate(async () => {
    // The tests compile without the DOM library; this is the part of the browser's globals used here.
    interface RunningAnimation {
      effect: { getComputedTiming(): { endTime?: number | string } } | null;
      finished: Promise<unknown>;
      playState: string;
    }
    const browser = globalThis as unknown as {
      document: { getAnimations(): RunningAnimation[] };
      requestAnimationFrame(callback: () => void): number;
    };
    const frame = () => new Promise<void>((resolve) => browser.requestAnimationFrame(() => resolve()));
    const deadline = Date.now() + 3000;
    while (Date.now() < deadline) {
      await frame();
      await frame();
      const running = browser.document
        .getAnimations()
        .filter(
          (animation) =>
            animation.playState !== 'finished' && Number.isFinite(Number(animation.effect?.getComputedTiming().endTime)),
        );
      if (running.length === 0) return;
      await Promise.race([
        Promise.allSettled(running.map((animation) => animation.finished)),
        new Promise((resolve) => setTimeout(resolve, Math.max(0, deadline - Date.now()))),
      ]);
    }
  });
}
