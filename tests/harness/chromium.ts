import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../bench/headless-chromium.ts';

/** Debian's headless Chromium (bench/headless-chromium.ts's flags) for end-to-end tests; `await using` closes it. */
export async function launchTestChromium(): Promise<Browser & AsyncDisposable> {
  const browser = await launchChromium();
  return Object.assign(browser, { [Symbol.asyncDispose]: () => browser.close() });
}

/** Browser console errors and page errors, for a failing test's message. */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  return errors;
}

/** Saves a screenshot under test-artifacts/ (git-ignored) and returns its path. */
export async function keepScreenshot(page: Page, name: string): Promise<string> {
  const dir = resolve(import.meta.dir, '../../test-artifacts');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${name}.png`);
  await page.screenshot({ path });
  return path;
}
