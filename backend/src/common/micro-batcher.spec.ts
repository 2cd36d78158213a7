import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MicroBatcher } from './micro-batcher.js';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('MicroBatcher', () => {
  it('sends a lone request at once, and gathers the ones that arrive meanwhile into the next batch', async () => {
    const batches: number[][] = [];
    let release: () => void = () => undefined;
    const batcher = new MicroBatcher<string, number, number>(async (_key, inputs) => {
      batches.push(inputs);
      if (batches.length === 1) await new Promise<void>((resolve) => (release = resolve));
      return inputs.map((n) => n * 10);
    });
    const first = batcher.request('a', 1);
    await tick();
    const later = [2, 3, 4].map((n) => batcher.request('a', n));
    await tick();
    assert.deepEqual(batches, [[1]]);
    release();
    assert.deepEqual(await Promise.all([first, ...later]), [10, 20, 30, 40]);
    assert.deepEqual(batches, [[1], [2, 3, 4]]);
  });

  it('keeps keys apart and runs their batches side by side', async () => {
    const seen: [string, number[]][] = [];
    const batcher = new MicroBatcher<string, number, string>((key, inputs) => {
      seen.push([key, inputs]);
      return Promise.resolve(inputs.map((n) => `${key}${n}`));
    });
    const results = await Promise.all([batcher.request('a', 1), batcher.request('b', 2), batcher.request('a', 3)]);
    assert.deepEqual(results, ['a1', 'b2', 'a3']);
    assert.deepEqual(seen, [
      ['a', [1]],
      ['b', [2]],
      ['a', [3]],
    ]);
  });

  it('limits a batch to its maximum size', async () => {
    const sizes: number[] = [];
    let gate: () => void = () => undefined;
    const batcher = new MicroBatcher<string, number, number>(async (_key, inputs) => {
      sizes.push(inputs.length);
      if (sizes.length === 1) await new Promise<void>((resolve) => (gate = resolve));
      return inputs;
    }, 3);
    const all = [batcher.request('k', 0)];
    await tick();
    for (let i = 1; i <= 7; i++) all.push(batcher.request('k', i));
    gate();
    await Promise.all(all);
    assert.deepEqual(sizes, [1, 3, 3, 1]);
  });

  it('fails every request of a failed batch, and goes on with the next', async () => {
    let calls = 0;
    let gate: () => void = () => undefined;
    const batcher = new MicroBatcher<string, number, number>(async (_key, inputs) => {
      calls++;
      if (calls === 1) {
        await new Promise<void>((resolve) => (gate = resolve));
        throw new Error('database down');
      }
      return inputs;
    });
    const failed = batcher.request('k', 1);
    await tick();
    const next = batcher.request('k', 2);
    gate();
    await assert.rejects(failed, /database down/);
    assert.equal(await next, 2);
  });

  it('with gather, requests of the same turn of the event loop go in one batch even with a lane free', async () => {
    const batches: number[][] = [];
    const process = (_key: string, inputs: number[]) => {
      batches.push(inputs);
      return Promise.resolve(inputs);
    };
    const gathering = new MicroBatcher<string, number, number>(process, 100, 4, true);
    assert.deepEqual(await Promise.all([1, 2, 3].map((n) => gathering.request('k', n))), [1, 2, 3]);
    assert.deepEqual(batches, [[1, 2, 3]]);
    batches.length = 0;
    const eager = new MicroBatcher<string, number, number>(process, 100, 4);
    await Promise.all([1, 2, 3].map((n) => eager.request('k', n)));
    assert.deepEqual(batches, [[1], [2], [3]], 'without it, each takes a free lane at once');
  });
});
