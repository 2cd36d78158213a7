import { readFileSync } from 'node:fs';
import * as fontkit from 'fontkit';
import * as hb from 'harfbuzzjs';
import type {} from 'pdfkit';

/**
 * Arabic shaping for pdfkit by HarfBuzz (harfbuzzjs, WebAssembly).
 *
 * pdfkit shapes with fontkit, which shares one Glyph object per glyph id, so its ToUnicode map names a
 * glyph after the first letter that used it, and it reverses multi-letter ligatures: text extracted from
 * the PDF comes out wrong (fontkit #304, #154). Here one pdfkit font object per document gets HarfBuzz's
 * layout and encoding for the calls whose `features` is our marker object, and every (glyph, text,
 * width) triple gets a CID of its own, so the ToUnicode map is exact. pdfkit still writes the text
 * operators. This uses pdfkit internals (doc._font, and the font's layout, encode, subset, widths and
 * unicode): pdfkit is pinned to an exact version, and a test reads a generated PDF back with pdftotext.
 */
export interface ShapingFeatures {
  harfbuzz: true;
  rtl: boolean;
}
export const LTR: ShapingFeatures = { harfbuzz: true, rtl: false };
export const RTL: ShapingFeatures = { harfbuzz: true, rtl: true };

/** A font parsed once per process: fontkit's object for pdfkit (which accepts any object with `layout`), HarfBuzz's for shaping. */
export interface FontAsset {
  readonly pdfkitFont: unknown;
  readonly harfbuzzFont: hb.Font;
}

export function loadFont(path: URL): FontAsset {
  const bytes = readFileSync(path);
  return { pdfkitFont: fontkit.create(bytes), harfbuzzFont: new hb.Font(new hb.Face(new hb.Blob(bytes))) };
}

interface ShapedPosition {
  xAdvance: number;
  yAdvance: number;
  xOffset: number;
  yOffset: number;
  advanceWidth: number;
}

interface ShapedRun {
  glyphs: { id: number; advanceWidth: number }[];
  positions: ShapedPosition[];
  advanceWidth: number;
  /** The text each glyph stands for in the ToUnicode map ('' for the marks of a cluster). */
  texts: string[];
}

/** The parts of pdfkit's EmbeddedFont this bridge replaces or fills (pdfkit 0.20.2). */
interface PdfkitEmbeddedFont {
  harfbuzzPatched?: boolean;
  font: { unitsPerEm: number };
  layout(text: string, features?: unknown, onlyWidth?: boolean): unknown;
  encode(text: string, features?: unknown): unknown;
  subset: { mapping: Record<number, number | undefined>; glyphs: number[]; includeGlyph(glyphId: number): number };
  widths: number[];
  unicode: number[][];
}

const isShapingFeatures = (features: unknown): features is ShapingFeatures =>
  typeof features === 'object' && features !== null && (features as Partial<ShapingFeatures>).harfbuzz === true;

const buffer = new hb.Buffer();

/** Shapes one directional run (logical order) into glyphs in visual order. */
function shape(font: hb.Font, scale: number, text: string, rtl: boolean): ShapedRun {
  buffer.reset();
  buffer.addText(text);
  buffer.guessSegmentProperties();
  buffer.setDirection(rtl ? hb.Direction.RTL : hb.Direction.LTR);
  if (rtl) buffer.setLanguage('ar');
  hb.shape(font, buffer);
  const infos = buffer.getGlyphInfos();
  const positions = buffer.getGlyphPositions();
  // Clusters are UTF-16 offsets into the run; a cluster's text goes to its widest glyph (the base letter).
  const starts = [...new Set(infos.map((info) => info.cluster))].sort((a, b) => a - b);
  const clusterEnd = new Map(starts.map((start, k) => [start, starts[k + 1] ?? text.length]));
  const owner = new Map<number, number>();
  infos.forEach((info, i) => {
    const current = owner.get(info.cluster);
    if (current === undefined || positions[i]!.xAdvance > positions[current]!.xAdvance) owner.set(info.cluster, i);
  });
  const run: ShapedRun = { glyphs: [], positions: [], advanceWidth: 0, texts: [] };
  infos.forEach((info, i) => {
    const position = positions[i]!;
    let clusterText = owner.get(info.cluster) === i ? text.slice(info.cluster, clusterEnd.get(info.cluster)) : '';
    // Extractors rebuild logical order by reversing an RTL run character by character, so a ligature's text is stored reversed.
    if (rtl && clusterText.length > 1) clusterText = [...clusterText].reverse().join('');
    // The declared width is what extractors take as the character's box: never narrower than the glyph really occupies
    // (up to where the next glyph is drawn), or they put spaces inside words.
    let nextOffset = 0;
    for (let k = i + 1; k < positions.length; k++) {
      if (positions[k]!.xAdvance > 0) {
        nextOffset = Math.max(0, positions[k]!.xOffset);
        break;
      }
    }
    const advance = font.glyphHAdvance(info.codepoint);
    const width = position.xAdvance > 0 ? Math.max(advance, position.xAdvance - position.xOffset + nextOffset) : advance;
    run.glyphs.push({ id: info.codepoint, advanceWidth: width });
    run.positions.push({
      xAdvance: position.xAdvance * scale,
      yAdvance: position.yAdvance * scale,
      xOffset: position.xOffset * scale,
      yOffset: position.yOffset * scale,
      advanceWidth: width * scale,
    });
    run.texts.push(clusterText);
    run.advanceWidth += position.xAdvance * scale;
  });
  return run;
}

/** Routes the document's current font (registered from `asset.pdfkitFont`) through HarfBuzz for calls carrying ShapingFeatures. */
export function useHarfBuzz(doc: PDFKit.PDFDocument, asset: FontAsset): void {
  const embedded = (doc as unknown as { _font: PdfkitEmbeddedFont })._font;
  if (embedded.harfbuzzPatched) return;
  embedded.harfbuzzPatched = true;
  const scale = 1000 / embedded.font.unitsPerEm;
  const cids = new Map<string, number>();
  const cache = new Map<string, ShapedRun>();
  const shaped = (text: string, features: ShapingFeatures): ShapedRun => {
    const key = (features.rtl ? 'R' : 'L') + text;
    let run = cache.get(key);
    if (!run) {
      run = shape(asset.harfbuzzFont, scale, text, features.rtl);
      cache.set(key, run);
    }
    return run;
  };
  const originalLayout = embedded.layout.bind(embedded);
  const originalEncode = embedded.encode.bind(embedded);
  embedded.layout = (text, features, onlyWidth) =>
    isShapingFeatures(features) ? shaped(text, features) : originalLayout(text, features, onlyWidth);
  embedded.encode = (text, features) => {
    if (!isShapingFeatures(features)) return originalEncode(text, features);
    const run = shaped(text, features);
    const encoded = run.glyphs.map((glyph, i) => {
      const key = `${glyph.id}\u0000${run.texts[i]}\u0000${run.positions[i]!.advanceWidth}`;
      let cid = cids.get(key);
      if (cid === undefined) {
        const subset = embedded.subset;
        // A glyph already in the subset with another text is added again, under a CID of its own.
        cid = subset.mapping[glyph.id] === undefined ? subset.includeGlyph(glyph.id) : subset.glyphs.push(glyph.id) - 1;
        cids.set(key, cid);
        embedded.widths[cid] = run.positions[i]!.advanceWidth;
        embedded.unicode[cid] = [...run.texts[i]!].map((c) => c.codePointAt(0)!);
      }
      return cid.toString(16).padStart(4, '0');
    });
    return [encoded, run.positions];
  };
}
