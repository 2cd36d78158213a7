import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, openPage } from './browser.js';

/**
 * WCAG 2.1 AA contrast of the colour pairs the app paints, read from the theme's CSS variables as the
 * production build ships them (light mode). The pairs name theme tokens, never colour values, so a theme
 * change that breaks contrast fails here. axe-core checks painted pages too, but it skips most Arabic
 * text (its icon-ligature heuristic), so this is what guards the Arabic pages' colours.
 */
const WEB = process.env.WEB_URL!;
const TEXT = 4.5; // normal text (1.4.3)
const UI = 3; // focus rings, field outlines, large text (1.4.11)

type Rgba = [number, number, number, number];
interface Pair {
  what: string;
  fg: string;
  bg: string;
  min: number;
  /** The foreground's opacity, as the recipe applies it (a placeholder at 80 %). */
  fgAlpha?: number;
  /** The background drawn at this opacity over the page (a hovered solid button at 90 %). */
  bgAlpha?: number;
}

let browser: Browser;
let page: Page;
let palettes: string[];

before(async () => {
  browser = await launchBrowser();
  ({ page } = await openPage(browser));
  await page.goto(`${WEB}/en/login`);
  // Every colour palette the theme defines (each has a "solid" token): the ones the app uses today and any it may use.
  palettes = await page.evaluate(() => {
    const names = new Set<string>();
    for (const sheet of Array.from(document.styleSheets)) {
      for (const match of Array.from(sheet.cssRules).flatMap((rule) => rule.cssText.match(/--chakra-colors-([a-z]+)-solid:/g) ?? [])) {
        names.add(match.slice('--chakra-colors-'.length, -'-solid:'.length));
      }
    }
    return [...names].sort();
  });
});

after(async () => {
  await browser?.close();
});

/** A theme token ("teal.solid", "fg.muted", "white") as the browser resolves its CSS variable: [r, g, b, a]. */
async function resolve(tokens: string[]): Promise<Map<string, Rgba>> {
  const values = await page.evaluate((names) => {
    const probe = document.createElement('span');
    document.body.append(probe);
    const resolved = names.map((name) => {
      probe.style.color = '';
      probe.style.color = `var(--chakra-colors-${name.replaceAll('.', '-').replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)})`;
      return [name, getComputedStyle(probe).color] as const;
    });
    probe.remove();
    return resolved;
  }, tokens);
  return new Map(
    values.map(([name, css]) => {
      const parts = css.match(/[\d.]+/g)?.map(Number);
      assert.ok(parts && parts.length >= 3 && css.startsWith('rgb'), `theme token ${name} resolves to "${css}", not a colour`);
      return [name, [parts[0]!, parts[1]!, parts[2]!, parts[3] ?? 1]];
    }),
  );
}

const over = (top: Rgba, bottom: Rgba, alpha = top[3]): Rgba => [
  top[0] * alpha + bottom[0] * (1 - alpha),
  top[1] * alpha + bottom[1] * (1 - alpha),
  top[2] * alpha + bottom[2] * (1 - alpha),
  1,
];

function luminance([r, g, b]: Rgba): number {
  const channel = (value: number) => {
    const c = value / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}

function contrast(a: Rgba, b: Rgba): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

async function failures(pairs: Pair[]): Promise<string[]> {
  const colours = await resolve([...new Set(pairs.flatMap((pair) => [pair.fg, pair.bg])), 'bg']);
  const page = colours.get('bg')!;
  return pairs.flatMap((pair) => {
    const bg = over(colours.get(pair.bg)!, page, (pair.bgAlpha ?? 1) * colours.get(pair.bg)![3]);
    const fg = over(colours.get(pair.fg)!, bg, (pair.fgAlpha ?? 1) * colours.get(pair.fg)![3]);
    const ratio = contrast(fg, bg);
    return ratio >= pair.min ? [] : [`${pair.what}: ${pair.fg} on ${pair.bg} is ${ratio.toFixed(2)}:1, needs ${pair.min}:1`];
  });
}

describe('theme colour contrast (WCAG 2.1 AA, light mode)', () => {
  it('finds the theme palettes', () => {
    for (const palette of ['gray', 'teal', 'red', 'green', 'blue', 'purple', 'orange']) assert.ok(palettes.includes(palette), palette);
  });

  it('gives text and controls on the page enough contrast', async () => {
    const pairs: Pair[] = [
      { what: 'body text', fg: 'fg', bg: 'bg', min: TEXT },
      { what: 'muted text', fg: 'fg.muted', bg: 'bg', min: TEXT },
      { what: 'muted text on a subtle panel (auth pages, table heads)', fg: 'fg.muted', bg: 'bg.subtle', min: TEXT },
      { what: 'muted text on a muted panel', fg: 'fg.muted', bg: 'bg.muted', min: TEXT },
      { what: 'placeholder (fg.muted at 80 %)', fg: 'fg.muted', bg: 'bg', min: TEXT, fgAlpha: 0.8 },
      { what: 'field error text (12-14 px)', fg: 'fg.error', bg: 'bg', min: TEXT },
      { what: 'saved / success text', fg: 'fg.success', bg: 'bg', min: TEXT },
      { what: 'warning text', fg: 'fg.warning', bg: 'bg', min: TEXT },
      { what: 'info text', fg: 'fg.info', bg: 'bg', min: TEXT },
      { what: 'link', fg: 'link', bg: 'bg', min: TEXT },
      { what: 'link on a subtle panel', fg: 'link', bg: 'bg.subtle', min: TEXT },
      { what: 'text field / select outline', fg: 'border.control', bg: 'bg', min: UI },
      { what: 'invalid field outline', fg: 'border.error', bg: 'bg', min: UI },
      { what: 'menu text on the menu bar', fg: 'white', bg: 'teal.800', min: TEXT },
      { what: 'current menu item', fg: 'white', bg: 'teal.solid', min: TEXT },
      { what: 'hovered menu item', fg: 'white', bg: 'teal.700', min: TEXT },
      { what: 'focus ring on the menu bar', fg: 'white', bg: 'teal.800', min: UI },
      { what: 'free slot time (calendar)', fg: 'green.fg', bg: 'green.50', min: TEXT },
      { what: 'free slot outline (calendar)', fg: 'green.focusRing', bg: 'bg', min: UI },
    ];
    assert.deepEqual(await failures(pairs), []);
  });

  it('gives every palette readable buttons, badges and alerts and a visible focus ring', async () => {
    const pairs = palettes.flatMap((p): Pair[] => [
      { what: `${p} solid button`, fg: `${p}.contrast`, bg: `${p}.solid`, min: TEXT },
      { what: `${p} solid button, hovered (solid at 90 %)`, fg: `${p}.contrast`, bg: `${p}.solid`, min: TEXT, bgAlpha: 0.9 },
      { what: `${p} badge / alert / subtle button`, fg: `${p}.fg`, bg: `${p}.subtle`, min: TEXT },
      { what: `${p} subtle button, hovered`, fg: `${p}.fg`, bg: `${p}.muted`, min: TEXT },
      { what: `${p} outline or ghost button`, fg: `${p}.fg`, bg: 'bg', min: TEXT },
      { what: `${p} calendar block (secondary line)`, fg: 'fg.muted', bg: `${p}.50`, min: TEXT },
      { what: `${p} focus ring`, fg: `${p}.focusRing`, bg: 'bg', min: UI },
    ]);
    assert.deepEqual(await failures(pairs), []);
  });

  it("gives the Reports chart's series (bars and legend swatches) 3:1 against the chart's background", async () => {
    const series = ['completed', 'noShow', 'cancelled', 'other', 'booked', 'invoiced', 'collected', 'refunded'];
    const aging = ['current', 'days1to30', 'days31to60', 'days61to90', 'over90'];
    const pairs = [...series, ...aging].map((name): Pair => ({ what: `chart series ${name}`, fg: `chart.${name}`, bg: 'bg', min: UI }));
    // The legend and axis labels are text in `fg`, beside the swatch rather than in the series colour.
    pairs.push({ what: 'chart legend and axis text', fg: 'fg', bg: 'bg', min: TEXT });
    assert.deepEqual(await failures(pairs), []);
  });

  it('computes ratios as WCAG defines them', () => {
    assert.equal(contrast([255, 255, 255, 1], [0, 0, 0, 1]).toFixed(2), '21.00');
    assert.equal(contrast([0x0d, 0x94, 0x88, 1], [255, 255, 255, 1]).toFixed(2), '3.74', 'the teal that failed the audit');
    assert.equal(contrast([0xef, 0x44, 0x44, 1], [255, 255, 255, 1]).toFixed(2), '3.76', 'the red that failed the audit');
  });
});
