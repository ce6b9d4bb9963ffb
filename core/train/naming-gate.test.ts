import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRng } from '../verify/rng';
import { DESCRIPTOR_SIZE as D } from '../vision/types';
import { namingGate, pairedBootstrap, type NamingGateFold } from './naming-gate';

/**
 * 24 people, 6 faces each; faces 4 and 5 of each person are held out (the "new photos"). Even people are fold 0's
 * strangers, odd people fold 1's. Each face is its person's unit centre (random, so people sit ~1.41 apart) plus
 * noise of a given spread; at spread 0.45 a person's faces sit ~0.6 apart, at 1.3 against 0.45 ~0.95.
 */
const PEOPLE = 24;
const PER = 6;
const rng = createRng(5);
const gauss = () => Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
const centres = Array.from({ length: PEOPLE }, () => unit(Array.from({ length: D }, gauss)));
const noise = Array.from({ length: PEOPLE * PER }, () => Array.from({ length: D }, gauss));
const labels = Int32Array.from({ length: PEOPLE * PER }, (_, r) => Math.floor(r / PER));
const heldOut = Array.from(labels, (_, r) => r % PER >= 4);

function unit(v: number[]): number[] {
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
}

/** A space: face r = unit(centre(of(r)) + spread(r) · noise_r / sqrt(D)). */
function space(spread: (r: number) => number, of: (r: number) => number = (r) => labels[r]): Float32Array {
  const out = new Float32Array(labels.length * D);
  for (let r = 0; r < labels.length; r++) {
    const c = centres[of(r)];
    const s = spread(r) / Math.sqrt(D);
    out.set(unit(c.map((x, k) => x + s * noise[r][k])), r * D);
  }
  return out;
}

const tight = () => 0.45;
/** New photos far from their person (beyond the 0.8 pair threshold): what a retrain could fix. */
const blurredNew = (r: number) => (heldOut[r] ? 1.3 : 0.45);

function folds(before: Float32Array, after: Float32Array): NamingGateFold[] {
  return [0, 1].map((f) => ({
    strangers: new Set(Array.from({ length: PEOPLE / 2 }, (_, i) => 2 * i + f)),
    before,
    after,
    beforePairThreshold: 0.8,
    afterPairThreshold: () => 0.8,
  }));
}

const gate = (before: Float32Array, after: Float32Array) =>
  namingGate({ labels, heldOut, folds: folds(before, after), targetFpir: 0.01, calibrated: true });

test('the same space on both sides: no gain, so the version is refused', () => {
  const s = space(tight);
  const r = gate(s, s);
  assert.equal(r.recallGain.mean, 0);
  assert.equal(r.pass, false);
  assert.match(r.reason, /does not name new photos of the named people better/);
  // every labelled face is a probe in exactly one role per fold
  assert.equal(r.newPhotos, 2 * (PEOPLE / 2) * 2);
  assert.equal(r.strangerPhotos, PEOPLE * PER);
});

test('new photos of named people brought within reach, strangers unchanged: accepted', () => {
  const r = gate(space(blurredNew), space(tight));
  assert.ok(r.after.recall > r.before.recall + 0.3, JSON.stringify(r.before) + JSON.stringify(r.after));
  assert.ok(r.recallGain.low > 0);
  assert.ok(r.after.fpir <= r.before.fpir, JSON.stringify(r));
  assert.equal(r.pass, true, r.reason);
  assert.match(r.reason, /without naming more strangers/);
});

test('a look-alike space: the strangers cap shuts its naming down, and it is refused', () => {
  // after: odd people's faces sit on the next (even) person's centre, a space where p and p + 1 look alike; each
  // fold names one of the two, so the other is a stranger on top of a named person
  const lookAlike = (r: number) => (labels[r] % 2 === 1 ? (labels[r] + 1) % PEOPLE : labels[r]);
  const after = space(tight, lookAlike);
  // strangers sit as near the named as the named's own photos (~0.6): the cap falls below that, so the space names
  // (next to) no strangers, and no more new photos either
  const r = gate(space(blurredNew), after);
  assert.ok(r.strangerCap < 0.55, `cap ${r.strangerCap}`);
  assert.ok(r.after.strangersNamed <= 2, JSON.stringify(r.after));
  assert.ok(r.after.recall <= r.before.recall, JSON.stringify(r.after));
  assert.equal(r.pass, false, r.reason);
});

test('paired bootstrap: a constant shift has a degenerate interval, a lone flip is noise', () => {
  const all = Array.from({ length: 10 }, () => ({ n: 4, hitsBefore: 1, hitsAfter: 3 }));
  assert.deepEqual(pairedBootstrap(all, 0.025, 500, 1), { mean: 0.5, low: 0.5, high: 0.5 });
  const one = [
    { n: 4, hitsBefore: 0, hitsAfter: 1 },
    ...Array.from({ length: 19 }, () => ({ n: 4, hitsBefore: 2, hitsAfter: 2 })),
  ];
  const b = pairedBootstrap(one, 0.1, 2000, 1);
  assert.ok(b.mean > 0 && b.low === 0, JSON.stringify(b));
});

test('any rise of held-out strangers named refuses, even one the bootstrap calls noise', () => {
  // after: new photos within reach, and ONE held-out photo of person 0 moved onto person 1's centre: in fold 0, where
  // person 0 is a stranger and person 1 is named, that is one stranger's face named; the gallery is untouched
  const onto = (r: number) => (r === 4 ? 1 : labels[r]);
  const r = gate(space(blurredNew), space(tight, onto));
  assert.ok(r.recallGain.low > 0, 'the recall gain is real');
  assert.equal(r.after.strangersNamed, r.before.strangersNamed + 1, JSON.stringify([r.before, r.after]));
  assert.ok(r.fpirRise.low <= 0, 'a lone face is within the noise');
  assert.equal(r.pass, false);
  assert.match(r.reason, /names more strangers/);
});
