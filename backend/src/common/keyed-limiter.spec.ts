import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { KeyedLimiter } from './keyed-limiter.js';

describe('KeyedLimiter', () => {
  it('runs at most `limit` tasks of one key at once, other keys unhindered, and all of them in the end', async () => {
    const limiter = new KeyedLimiter(2);
    const active = new Map<string, number>();
    const peak = new Map<string, number>();
    const task = (key: string) =>
      limiter.run(key, async () => {
        active.set(key, (active.get(key) ?? 0) + 1);
        peak.set(key, Math.max(peak.get(key) ?? 0, active.get(key)!));
        await sleep(5);
        active.set(key, active.get(key)! - 1);
        return key;
      });
    const results = await Promise.all([...Array.from({ length: 10 }, () => task('a')), ...Array.from({ length: 3 }, () => task('b'))]);
    assert.equal(results.length, 13);
    assert.deepEqual(Object.fromEntries(peak), { a: 2, b: 2 });
  });

  it('releases the slot when a task fails', async () => {
    const limiter = new KeyedLimiter(1);
    await assert.rejects(limiter.run('k', () => Promise.reject(new Error('boom'))));
    assert.equal(await limiter.run('k', () => Promise.resolve('next')), 'next');
  });
});
