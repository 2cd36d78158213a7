import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AxeResults, Result } from 'axe-core';
import type { Page } from 'playwright-core';

/** The WCAG 2.1 A and AA rules of axe-core (no best practices, no WCAG 2.2). */
export const WCAG_21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

declare global {
  interface Window {
    axe?: { run(context: Document, options: object): Promise<AxeResults> };
  }
}

/**
 * Runs axe-core on the page as it is now (open dialogs included) and fails with every WCAG 2.1 A/AA
 * violation: rule, impact, the elements and what to fix. `label` names the page state in the message:
 * `await expectAccessible(page, 'calendar week en')`.
 *
 * axe reads colours as painted, so running animations (a dialog fading in) are waited for first. It
 * skips the contrast of most Arabic text (its icon-ligature heuristic takes Arabic shaping for icons):
 * e2e/contrast.e2e.ts checks the theme's colour pairs for that reason.
 */
export async function expectAccessible(page: Page, label: string): Promise<void> {
  await settle(page);
  if (!(await page.evaluate(() => Boolean(window.axe)))) await page.addScriptTag({ content: axeSource });
  const results = await page.evaluate(
    (tags) => window.axe!.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
    WCAG_21_AA,
  );
  if (results.violations.length > 0) assert.fail(describeViolations(label, results.violations));
}

/** Waits for finite animations and transitions (dialogs, menus) to end. */
async function settle(page: Page): Promise<void> {
  await page.evaluate(() =>
    Promise.all(
      document
        .getAnimations()
        .filter((animation) => animation.effect?.getTiming().iterations !== Infinity)
        .map((animation) => animation.finished.catch(() => undefined)),
    ),
  );
}

function describeViolations(label: string, violations: Result[]): string {
  const lines = [`${label}: ${violations.length} accessibility rule(s) violated`];
  for (const violation of violations) {
    lines.push(`\n${violation.id} (${violation.impact ?? 'unknown impact'}): ${violation.help}`, `  ${violation.helpUrl}`);
    for (const node of violation.nodes) {
      lines.push(`  - ${node.target.join(' ')}`, `    ${node.html.slice(0, 160)}`);
      if (node.failureSummary) lines.push(...node.failureSummary.split('\n').map((line) => `    ${line}`));
    }
  }
  return lines.join('\n');
}
