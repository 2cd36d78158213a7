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
    axe?: { run(context: Document | { include: string[][] }, options: object): Promise<AxeResults> };
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
 *
 * On pages not in Arabic, text whose contrast axe could not judge ("incomplete": overlapped, partly
 * hidden, a pseudo-element, one character under the ratio...) fails too, unless the reason is an image,
 * gradient or SVG behind it or a symbol for text: what axe cannot judge, nothing else does (the Reports legend once hid 2.3:1
 * text that way). See docs/decisions.md §Accessibility.
 */
export async function expectAccessible(page: Page, label: string): Promise<void> {
  await settle(page);
  if (!(await page.evaluate(() => Boolean(window.axe)))) await page.addScriptTag({ content: axeSource });
  const { results, arabic, inImage } = await page.evaluate(async (tags) => {
    const results = await window.axe!.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations', 'incomplete'] });
    // Text drawn inside an SVG (the Reports chart's axes): axe finds the <svg> behind it and cannot judge it.
    const inImage = results.incomplete
      .filter((result) => result.id === 'color-contrast')
      .flatMap((result) => result.nodes)
      .map((node) => node.target.join(' '))
      .filter((target) => document.querySelector(target)?.closest('svg'));
    return { results, arabic: document.documentElement.lang.startsWith('ar'), inImage };
  }, WCAG_21_AA);
  const failed = [...results.violations];
  if (!arabic) {
    const undecided = withoutOpenFindings(label, unjudgedContrast(results.incomplete, new Set(inImage)));
    if (undecided.length > 0) failed.push(...(await judgeInView(page, undecided)));
  }
  if (failed.length > 0) assert.fail(describeViolations(label, failed));
}

/**
 * Asks axe again about each text it could not judge, scrolled into the middle of its scroll box first:
 * a field under a dialog's sticky footer or half out of a scrolled list is "partially obscured", which
 * says nothing about its colours. What is still undecided in view, or fails, is returned.
 */
async function judgeInView(page: Page, undecided: Result[]): Promise<Result[]> {
  const targets = undecided.flatMap((result) => result.nodes.map((node) => node.target.join(' ')));
  const rechecked = await page.evaluate(async (selectors) => {
    const found = [];
    for (const selector of selectors) {
      document.querySelector(selector)?.scrollIntoView({ block: 'center', inline: 'center' });
      const results = await window.axe!.run(
        { include: [[selector]] },
        { runOnly: { type: 'rule', values: ['color-contrast'] }, resultTypes: ['violations', 'incomplete'] },
      );
      found.push({ violations: results.violations, incomplete: results.incomplete });
    }
    return found;
  }, targets);
  const merge = (results: Result[], help: string): Result[] => {
    const nodes = results.flatMap((result) => result.nodes);
    return nodes.length === 0 ? [] : [{ ...results[0]!, help: `${results[0]!.help}${help}`, nodes }];
  };
  return [
    ...merge(
      rechecked.flatMap((result) => result.violations),
      ' (seen once scrolled into view)',
    ),
    ...merge(
      unjudgedContrast(
        rechecked.flatMap((result) => result.incomplete),
        new Set(),
      ),
      '',
    ),
  ];
}

/**
 * Undecided contrast this check found in components another change owns, listed so that their suites
 * stay green until it is fixed there; remove an entry with its fix (docs/decisions.md §Accessibility).
 */
const OPEN_FINDINGS: { label: RegExp; html: string; reason: string; what: string }[] = [
  {
    // files/: axe measures the X-ray, rotated 90° and zoomed to 125 %, by its transformed box, which reaches past
    // the stage and over the zoom readout; the stage clips it (overflow hidden), and the screenshot
    // (test-artifacts/files-viewer-en.png) shows the readout clear. A false "undecided", excused by name.
    label: /^image viewer /,
    html: '<p aria-live="polite"',
    reason: 'bgOverlap',
    what: 'image viewer zoom readout under the rotated image',
  },
];

function withoutOpenFindings(label: string, undecided: Result[]): Result[] {
  const open = OPEN_FINDINGS.filter((finding) => finding.label.test(label));
  if (open.length === 0) return undecided;
  return undecided.flatMap((result) => {
    const nodes = result.nodes.filter(
      (node) =>
        !open.some(
          (finding) =>
            node.html.startsWith(finding.html) && (node.any[0]?.data as { messageKey?: string } | undefined)?.messageKey === finding.reason,
        ),
    );
    return nodes.length === 0 ? [] : [{ ...result, nodes }];
  });
}

/**
 * Why axe may leave a text's contrast undecided and we accept it: a picture behind the text, or a text
 * that is a symbol, not words (a "✕" remove button: an icon, like the icon fonts axe skips by itself).
 */
const ACCEPTED = new Set(['bgImage', 'bgGradient', 'imgNode', 'nonBmp']);

/**
 * The `color-contrast` results axe left undecided for a reason other than an image behind the text
 * (a background image or gradient, or text drawn in an SVG, whose colours contrast.e2e.ts checks) or
 * a symbol for text.
 */
function unjudgedContrast(incomplete: Result[], inImage: Set<string>): Result[] {
  return incomplete.flatMap((result) => {
    if (result.id !== 'color-contrast') return [];
    const nodes = result.nodes.filter((node) => {
      const reason = (node.any[0]?.data as { messageKey?: string } | undefined)?.messageKey;
      return !ACCEPTED.has(reason ?? '') && !inImage.has(node.target.join(' '));
    });
    if (nodes.length === 0) return [];
    return [{ ...result, help: `${result.help} (axe could not judge it: contrast undecided)`, impact: result.impact ?? 'serious', nodes }];
  });
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
      const colours = node.any[0]?.data as { fgColor?: string; bgColor?: string; contrastRatio?: number } | undefined;
      if (violation.id === 'color-contrast' && colours?.fgColor)
        lines.push(`    (${colours.fgColor} on ${colours.bgColor ?? '?'}: ${colours.contrastRatio}:1)`);
    }
  }
  return lines.join('\n');
}
