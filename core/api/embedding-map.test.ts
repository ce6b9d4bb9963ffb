import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DESCRIPTOR_SIZE } from '../vision/types';
import { layoutUmap } from './embedding-map';

/** Two tight groups of unit vectors around two orthogonal directions, with deterministic noise. */
function twoGroups(perGroup: number): Float32Array {
  const v = new Float32Array(2 * perGroup * DESCRIPTOR_SIZE);
  let seed = 7;
  const noise = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31 - 0.5) * 0.1;
  for (let i = 0; i < 2 * perGroup; i++) {
    const row = v.subarray(i * DESCRIPTOR_SIZE, (i + 1) * DESCRIPTOR_SIZE);
    for (let k = 0; k < DESCRIPTOR_SIZE; k++) row[k] = noise();
    row[i < perGroup ? 0 : 1] += 1;
    const norm = Math.hypot(...row);
    for (let k = 0; k < DESCRIPTOR_SIZE; k++) row[k] /= norm;
  }
  return v;
}

const quiet = { signal: new AbortController().signal, progress: () => undefined };

test('the map keeps two groups of faces apart and fits them in the unit square', async () => {
  const n = 12;
  const coords = await layoutUmap(twoGroups(n), 2 * n, quiet);
  assert.equal(coords.length, 2 * n);
  for (const [x, y] of coords) assert.ok(x >= 0 && x <= 1 && y >= 0 && y <= 1);
  const centre = (pts: [number, number][]) => [
    pts.reduce((s, p) => s + p[0], 0) / pts.length,
    pts.reduce((s, p) => s + p[1], 0) / pts.length,
  ];
  const [a, b] = [coords.slice(0, n), coords.slice(n)];
  const [ca, cb] = [centre(a), centre(b)];
  const spread = (pts: [number, number][], c: number[]) =>
    Math.max(...pts.map((p) => Math.hypot(p[0] - c[0], p[1] - c[1])));
  const between = Math.hypot(ca[0] - cb[0], ca[1] - cb[1]);
  assert.ok(between > 2 * Math.max(spread(a, ca), spread(b, cb)), `groups overlap: ${between}`);
});

test('the same faces give the same map, and a cancelled map stops', async () => {
  const v = twoGroups(5);
  assert.deepEqual(await layoutUmap(v, 10, quiet), await layoutUmap(v, 10, quiet));
  const ctl = new AbortController();
  let epochs = 0;
  const run = layoutUmap(v, 10, {
    signal: ctl.signal,
    progress: (done) => {
      epochs = done;
      if (done === 3) ctl.abort();
    },
  });
  await assert.rejects(run, /cancelled/);
  assert.equal(epochs, 3);
});

test('tiny libraries still get a layout', async () => {
  assert.deepEqual(await layoutUmap(new Float32Array(0), 0, quiet), []);
  assert.equal((await layoutUmap(twoGroups(1), 2, quiet)).length, 2);
});
