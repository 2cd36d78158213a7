import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { frontendRoot } from './stack.js';

export type Locale = 'en' | 'ar';

/** A locale's UI strings (frontend/messages), so a test can find controls by their name in either language. */
export async function messagesOf(locale: Locale): Promise<any> {
  return JSON.parse(await readFile(path.join(frontendRoot, 'messages', `${locale}.json`), 'utf8'));
}
