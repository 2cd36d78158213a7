import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { frontendRoot } from './stack.js';

type Messages = { [key: string]: string | Messages };

function keysOf(messages: Messages, prefix = ''): string[] {
  return Object.entries(messages).flatMap(([key, value]) =>
    typeof value === 'string' ? [`${prefix}${key}`] : keysOf(value, `${prefix}${key}.`),
  );
}

const load = async (locale: string): Promise<Messages> =>
  JSON.parse(await readFile(path.join(frontendRoot, 'messages', `${locale}.json`), 'utf8'));

describe('message files', () => {
  it('translate every English string into Arabic and nothing more', async () => {
    const [en, ar] = await Promise.all([load('en'), load('ar')]);
    assert.deepEqual(keysOf(ar).sort(), keysOf(en).sort());
    for (const key of keysOf(ar)) {
      const value = key.split('.').reduce<Messages | string>((node, part) => (node as Messages)[part]!, ar) as string;
      assert.ok(value.trim().length > 0, `${key} is empty in Arabic`);
    }
  });
});
