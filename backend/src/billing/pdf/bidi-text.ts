import bidiModule from 'bidi-js';
import type {} from 'pdfkit';
import { LTR, RTL } from './shaping.js';

/**
 * Mixed Arabic and Latin lines for pdfkit, which has no bidi algorithm: bidi-js resolves the embedding
 * levels (UAX #9), the line is cut into directional runs in visual order, each run is shaped by itself
 * (HarfBuzz, shaping.ts) and the runs are placed left to right.
 */
// bidi-js is CommonJS whose typings declare an ES default export: Node hands over the factory itself.
const bidiFactory = ((bidiModule as unknown as { default?: typeof bidiModule }).default ?? bidiModule) as unknown as () => ReturnType<
  typeof bidiModule.default
>;
const bidi = bidiFactory();

/** LRM, RLM, LRE..RLO and LRI..PDI steer the algorithm and are never drawn. */
const BIDI_CONTROLS = /[\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;
const RTL_SCRIPT = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/;

export type Direction = 'ltr' | 'rtl';

interface Run {
  text: string;
  rtl: boolean;
  width: number;
}

/** pdfkit passes `features` through to the font, where shaping.ts recognises its marker object. */
const shapedWith = (rtl: boolean) => ({ features: (rtl ? RTL : LTR) as unknown as PDFKit.Mixins.OpenTypeFeatures[] });

/** Keeps a left-to-right piece (a date, a number with a dash) in order inside right-to-left text. */
export const isolateLtr = (text: string): string => `\u2066${text}\u2069`;

/** The line's runs in visual (left-to-right) order, measured in the current font. */
function visualRuns(doc: PDFKit.PDFDocument, text: string, direction: Direction): Run[] {
  if (!text) return [];
  const measure = (s: string, rtl: boolean) => doc.widthOfString(s, shapedWith(rtl));
  if (!RTL_SCRIPT.test(text) && (direction === 'ltr' || /[A-Za-z]/.test(text))) {
    // Latin-only text keeps its own direction inside an Arabic document (as dir="auto" would), so "Co." stays "Co.".
    const plain = text.replace(BIDI_CONTROLS, '');
    return [{ text: plain, rtl: false, width: measure(plain, false) }];
  }
  const embedding = bidi.getEmbeddingLevels(text, direction);
  const { levels } = embedding;
  const order = Array.from({ length: text.length }, (_, i) => i); // visual position -> logical index
  for (const segment of bidi.getReorderSegments(text, embedding)) {
    const [start, end] = segment as [number, number];
    order.splice(start, end - start + 1, ...order.slice(start, end + 1).reverse());
  }
  const runs: Run[] = [];
  for (let i = 0; i < order.length;) {
    const level = levels[order[i]!]!;
    const rtl = (level & 1) === 1;
    let j = i + 1;
    while (j < order.length && levels[order[j]!] === level && order[j] === order[j - 1]! + (rtl ? -1 : 1)) j++;
    const low = rtl ? order[j - 1]! : order[i]!;
    const high = rtl ? order[i]! : order[j - 1]!;
    const piece = text.slice(low, high + 1).replace(BIDI_CONTROLS, '');
    if (piece) runs.push({ text: piece, rtl, width: measure(piece, rtl) });
    i = j;
  }
  return runs;
}

export const lineWidth = (doc: PDFKit.PDFDocument, text: string, direction: Direction): number =>
  visualRuns(doc, text, direction).reduce((sum, run) => sum + run.width, 0);

/** Draws one line in the box [x, x + width] at y (its top), aligned left or right. */
export function drawLine(
  doc: PDFKit.PDFDocument,
  text: string,
  box: { x: number; y: number; width: number; align: 'left' | 'right'; direction: Direction },
): void {
  const runs = visualRuns(doc, text, box.direction);
  const total = runs.reduce((sum, run) => sum + run.width, 0);
  let x = box.align === 'right' ? box.x + box.width - total : box.x;
  for (const run of runs) {
    doc.text(run.text, x, box.y, { ...shapedWith(run.rtl), lineBreak: false });
    x += run.width;
  }
}

/** Greedy word wrap of the logical text to `width` (bidi then runs per line). */
export function wrapLines(doc: PDFKit.PDFDocument, text: string, width: number, direction: Direction): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const candidate = current ? `${current} ${word}` : word;
    if (current && lineWidth(doc, candidate, direction) > width) {
      lines.push(current);
      current = word;
    } else {
      current = candidate;
    }
  }
  if (current) lines.push(current);
  return lines.length > 0 ? lines : [''];
}
