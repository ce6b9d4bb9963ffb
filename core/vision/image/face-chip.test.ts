/** The dlib-style chip against known answers: the template's published positions and an exact similarity fit. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RgbImage } from '../types';
import { ALIGNMENT_POINTS, templatePoint } from './dlib-mean-face';
import { chipScale, fitSimilarity, mirrorChip, warpChip, CHIP_FLOATS } from './face-chip';

const close = (a: number, b: number, tol: number, what: string) =>
  assert.ok(Math.abs(a - b) <= tol, `${what}: ${a} vs ${b}`);

function centre(points: number[]): [number, number] {
  const ps = points.map((i) => templatePoint(i));
  return [ps.reduce((s, p) => s + p[0], 0) / ps.length, ps.reduce((s, p) => s + p[1], 0) / ps.length];
}

describe('dlib mean face, padding 0.25, 150 px', () => {
  it('puts eyes, nose tip and mouth corners where notes/alignment-experiment.md measured them', () => {
    const [lx, ly] = centre([36, 37, 38, 39, 40, 41]);
    const [rx, ry] = centre([42, 43, 44, 45, 46, 47]);
    close(lx, 47.5, 0.06, 'left eye x');
    close(ly, 46.6, 0.06, 'left eye y');
    close(rx, 100.5, 0.06, 'right eye x');
    close(ry, 46.6, 0.06, 'right eye y');
    close(templatePoint(30)[0], 74.0, 0.06, 'nose x');
    close(templatePoint(30)[1], 76.6, 0.06, 'nose y');
    close(templatePoint(48)[0], 50.4, 0.06, 'mouth left x');
    close(templatePoint(54)[0], 97.6, 0.06, 'mouth right x');
    close(templatePoint(54)[1], 103.0, 0.06, 'mouth y');
  });

  it('fits the 33 nose, eye and upper-mouth points', () => {
    assert.equal(ALIGNMENT_POINTS.length, 33);
    assert.ok(!ALIGNMENT_POINTS.some((i) => i < 27 || (i > 54 && i < 60) || i > 64));
  });
});

describe('fitSimilarity', () => {
  /** 68 landmarks = the template moved by a known similarity (chip -> image). */
  function landmarksFrom(a: number, b: number, tx: number, ty: number, noise = 0): Float32Array {
    const lm = new Float32Array(136);
    let seed = 7;
    const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647 - 0.5) * noise;
    for (let i = 17; i < 68; i++) {
      const [u, v] = templatePoint(i);
      lm[i * 2] = a * u - b * v + tx + rnd();
      lm[i * 2 + 1] = b * u + a * v + ty + rnd();
    }
    return lm;
  }

  it('recovers an exact rotation + scale + translation', () => {
    const angle = (20 * Math.PI) / 180;
    const s = 1.7;
    const t = fitSimilarity(landmarksFrom(s * Math.cos(angle), s * Math.sin(angle), 312.5, -40.25));
    close(t.a, s * Math.cos(angle), 1e-6, 'a'); // landmarks are float32
    close(t.b, s * Math.sin(angle), 1e-6, 'b');
    close(t.tx, 312.5, 1e-4, 'tx');
    close(t.ty, -40.25, 1e-4, 'ty');
    close(chipScale(t), s, 1e-6, 'scale');
  });

  it('averages out landmark noise', () => {
    const t = fitSimilarity(landmarksFrom(2, 0.5, 100, 200, 2));
    close(t.a, 2, 0.02, 'a');
    close(t.b, 0.5, 0.02, 'b');
  });
});

describe('warpChip', () => {
  it('samples the image through the transform and fills black outside it', () => {
    // A 300x300 image whose pixel value encodes its column: an identity-scale warp shifted by (10, 20).
    const W = 300;
    const data = new Uint8Array(W * W * 3);
    for (let y = 0; y < W; y++) for (let x = 0; x < W; x++) data.set([x % 256, y % 256, 7], (y * W + x) * 3);
    const image: RgbImage = { data, width: W, height: W };
    const out = new Float32Array(CHIP_FLOATS);
    warpChip(image, { a: 1, b: 0, tx: 10, ty: 20 }, out, 0);
    assert.deepEqual([...out.subarray(0, 3)], [10, 20, 7]);
    const p = (5 * 150 + 100) * 3;
    assert.deepEqual([...out.subarray(p, p + 3)], [110, 25, 7]);
    warpChip(image, { a: 1, b: 0, tx: 200, ty: 0 }, out, 0);
    const outside = (0 * 150 + 149) * 3; // x = 349: beyond the image
    assert.deepEqual([...out.subarray(outside, outside + 3)], [0, 0, 0]);
  });

  it('mirrors a chip left-right', () => {
    const buf = new Float32Array(CHIP_FLOATS * 2);
    for (let i = 0; i < CHIP_FLOATS; i++) buf[i] = i;
    mirrorChip(buf, 0, CHIP_FLOATS);
    assert.equal(buf[CHIP_FLOATS + 149 * 3], 0);
    assert.equal(buf[CHIP_FLOATS + 0], 149 * 3);
  });
});
