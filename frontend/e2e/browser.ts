import assert from 'node:assert/strict';
import { chromium, type Browser, type BrowserContext, type ConsoleMessage, type Page } from 'playwright-core';

/** Debian's Chromium (installed by .ci/run), headless, with no calls to Google's services. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

export interface TestPage {
  context: BrowserContext;
  page: Page;
  /** Fails when a page of this browser logged an error or threw (see consoleProblem). */
  assertNoConsoleErrors: () => void;
}

/** The screens the browser suite checks: a desktop and a phone (iPhone 13/14 size). */
export const DESKTOP = { width: 1280, height: 900 };
export const PHONE = { width: 390, height: 844 };

/**
 * A browser of its own (cookies, storage) at 1280x900 (or the given viewport), English, UTC, recording
 * every console error and uncaught exception of its pages for assertNoConsoleErrors.
 */
export async function openPage(
  browser: Browser,
  options: { locale?: string; viewport?: { width: number; height: number } } = {},
): Promise<TestPage> {
  const phone = options.viewport !== undefined && options.viewport.width < 600;
  const context = await browser.newContext({
    viewport: options.viewport ?? DESKTOP,
    ...(phone ? { isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : {}),
    locale: options.locale ?? 'en-US',
    timezoneId: 'UTC',
  });
  context.setDefaultTimeout(20_000);
  const errors: string[] = [];
  context.on('console', (message) => {
    const problem = consoleProblem(message);
    if (problem) errors.push(problem);
  });
  context.on('weberror', (error) => errors.push(`uncaught: ${error.error().message} (${error.page()?.url() ?? 'no page'})`));
  return {
    context,
    page: await context.newPage(),
    assertNoConsoleErrors: () => {
      const found = errors.splice(0);
      if (found.length > 0) assert.fail(`the browser logged ${found.length} error(s):\n${[...new Set(found)].join('\n')}`);
    },
  };
}

/**
 * A console error, unless it is Chromium's note of an API request answered 4xx: the app shows those
 * answers to the user (a refused form, a double booking, an expired token renewed).
 */
function consoleProblem(message: ConsoleMessage): string | undefined {
  if (message.type() !== 'error') return undefined;
  const { url } = message.location();
  const answeredApi = /^Failed to load resource: the server responded with a status of 4\d\d/.test(message.text()) && /\/api\//.test(url);
  return answeredApi ? undefined : `console: ${message.text()} (${url})`;
}
