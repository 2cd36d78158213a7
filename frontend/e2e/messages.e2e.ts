import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { messagesOf } from './messages.js';

type Messages = { [key: string]: string | Messages };

function keysOf(messages: Messages, prefix = ''): string[] {
  return Object.entries(messages).flatMap(([key, value]) =>
    typeof value === 'string' ? [`${prefix}${key}`] : keysOf(value, `${prefix}${key}.`),
  );
}

describe('message files', () => {
  it('translate every English string into Arabic and nothing more', async () => {
    const [en, ar] = (await Promise.all([messagesOf('en'), messagesOf('ar')])) as [Messages, Messages];
    assert.deepEqual(keysOf(ar).sort(), keysOf(en).sort());
    for (const key of keysOf(ar)) {
      const value = key.split('.').reduce<Messages | string>((node, part) => (node as Messages)[part]!, ar) as string;
      assert.ok(value.trim().length > 0, `${key} is empty in Arabic`);
    }
  });
});
