import assert from 'node:assert/strict';
import { test } from 'node:test';
import { orderedMap } from './ordered-map';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('results come out in source order while at most `concurrency` calls run', async () => {
  let running = 0;
  let peak = 0;
  const out: number[] = [];
  for await (const v of orderedMap(
    [5, 1, 4, 2, 3, 0],
    async (x) => {
      running++;
      peak = Math.max(peak, running);
      await sleep(x * 3);
      running--;
      return x * 10;
    },
    2,
  ))
    out.push(v);
  assert.deepEqual(out, [50, 10, 40, 20, 30, 0]);
  assert.equal(peak, 2);
});

test('chained stages pull lazily: the source is never read far ahead of the consumer', async () => {
  let pulled = 0;
  function* source() {
    for (let i = 0; i < 100; i++) {
      pulled++;
      yield i;
    }
  }
  const a = orderedMap(source(), async (x) => x, 3);
  const b = orderedMap(a, async (x) => x, 2);
  let consumed = 0;
  for await (const _ of b) {
    consumed++;
    assert.ok(pulled - consumed <= 3 + 2 + 1, `pulled ${pulled}, consumed ${consumed}`);
    if (consumed === 10) break;
  }
  assert.ok(pulled < 20);
});

test('an aborted signal stops pulling new items', async () => {
  const controller = new AbortController();
  const out: number[] = [];
  for await (const v of orderedMap([1, 2, 3, 4, 5, 6], async (x) => x, 1, controller.signal)) {
    out.push(v);
    if (v === 2) controller.abort();
  }
  assert.ok(out.length <= 3);
});
