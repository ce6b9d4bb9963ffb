import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { stretchContrast } from './contrast';
import type { RgbImage } from '../types';

function image(width: number, height: number, pixel: (x: number, y: number) => [number, number, number]): RgbImage {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data.set(pixel(x, y), (y * width + x) * 3);
  return { data, width, height };
}

describe('stretchContrast', () => {
  it('spreads a faded photo (grey levels 100..140) over the full range, keeping the order of levels', () => {
    const faded = image(41, 10, (x) => [100 + x, 100 + x, 100 + x]);
    const out = stretchContrast(faded);
    assert.equal(out.width, 41);
    assert.equal(out.height, 10);
    const row = Array.from({ length: 41 }, (_, x) => out.data[x * 3]);
    assert.ok(row[0] <= 5 && row[40] >= 250, `ends ${row[0]}..${row[40]}`);
    for (let x = 1; x < 41; x++) assert.ok(row[x] >= row[x - 1]);
    assert.equal(faded.data[0], 100, 'the input is left as it was');
  });

  it('applies one map to every channel, so a colour keeps its hue order', () => {
    const tinted = image(20, 20, (x, y) => [120 + x, 100 + y, 90]);
    const out = stretchContrast(tinted);
    for (let p = 0; p < out.data.length; p += 3) {
      const [r, g] = [tinted.data[p], tinted.data[p + 1]];
      if (r > g) assert.ok(out.data[p] >= out.data[p + 1]);
      if (r < g) assert.ok(out.data[p] <= out.data[p + 1]);
    }
  });

  it('leaves a plain image plain instead of dividing by zero', () => {
    const plain = image(8, 8, () => [77, 77, 77]);
    const out = stretchContrast(plain);
    assert.ok(out.data.every((v) => v === out.data[0]));
  });
});
