/** A message as written (structure), before it becomes plain text and HTML. */
export interface MessageDocument {
  locale: 'en' | 'ar';
  subject: string;
  greeting?: string;
  paragraphs: string[];
  /** Label and value lines ("When: ..."); a null value drops the line. */
  details?: [label: string, value: string | null][];
  /** A call to action with its link. */
  link?: { label: string; url: string };
  closing?: string[];
  signature?: string;
}

export interface RenderedMessage {
  subject?: string;
  text: string;
  html?: string;
}

// Unicode isolates: text of unknown direction (names, addresses) inside Arabic, and numbers that
// must read left to right (phone numbers, links), keep their own order in the surrounding text.
const FSI = '\u2068';
const LRI = '\u2066';
const PDI = '\u2069';

/** Text of either direction embedded in a message of `locale` (only Arabic messages need the marks). */
export const isolate = (locale: 'en' | 'ar', text: string): string => (locale === 'ar' ? `${FSI}${text}${PDI}` : text);
/** A left-to-right run (phone number, link) embedded in a message of `locale`. */
export const leftToRight = (locale: 'en' | 'ar', text: string): string => (locale === 'ar' ? `${LRI}${text}${PDI}` : text);

/** The plain-text part of an email. */
export function toText(doc: MessageDocument): string {
  const blocks: string[] = [];
  if (doc.greeting) blocks.push(doc.greeting);
  blocks.push(...doc.paragraphs);
  const details = (doc.details ?? []).filter(([, value]) => value !== null).map(([label, value]) => `${label}: ${value}`);
  if (details.length > 0) blocks.push(details.join('\n'));
  if (doc.link) blocks.push(`${doc.link.label}:\n${doc.link.url}`);
  blocks.push(...(doc.closing ?? []));
  if (doc.signature) blocks.push(doc.signature);
  return blocks.join('\n\n');
}

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** Direction marks are for plain text; HTML isolates with <bdi> instead. */
const stripMarks = (text: string): string => text.replace(/[\u2066-\u2069]/g, '');
const html = (text: string): string => escapeHtml(stripMarks(text));

/** The HTML part: the same content, right to left for Arabic, with user text isolated. */
export function toHtml(doc: MessageDocument): string {
  const dir = doc.locale === 'ar' ? 'rtl' : 'ltr';
  const parts: string[] = [];
  if (doc.greeting) parts.push(`<p>${html(doc.greeting)}</p>`);
  for (const paragraph of doc.paragraphs) parts.push(`<p>${html(paragraph)}</p>`);
  const rows = (doc.details ?? []).filter(([, value]) => value !== null);
  if (rows.length > 0) {
    const cells = rows.map(
      ([label, value]) => `<tr><th align="start" valign="top">${html(label)}</th><td><bdi>${html(value!)}</bdi></td></tr>`,
    );
    parts.push(`<table cellpadding="4" cellspacing="0">${cells.join('')}</table>`);
  }
  if (doc.link)
    parts.push(`<p><a href="${escapeHtml(doc.link.url)}">${html(doc.link.label)}</a></p><p dir="ltr">${escapeHtml(doc.link.url)}</p>`);
  for (const closing of doc.closing ?? []) parts.push(`<p>${html(closing)}</p>`);
  if (doc.signature) parts.push(`<p><bdi>${html(doc.signature)}</bdi></p>`);
  return `<!doctype html><html lang="${doc.locale}" dir="${dir}"><body style="font-family: Arial, sans-serif; line-height: 1.5" dir="${dir}">${parts.join('\n')}</body></html>`;
}

export function renderEmail(doc: MessageDocument): RenderedMessage {
  return { subject: stripMarks(doc.subject), text: toText(doc), html: toHtml(doc) };
}
