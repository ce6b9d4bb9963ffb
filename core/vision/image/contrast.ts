/**
 * Contrast stretch for the detector's last retry: a faded, dark or hazy photo (old prints, low-light crops) leaves
 * the SSD's input in a narrow band of grey levels. Mapping the 1st..99th percentile of luminance to 0..255 (the
 * same linear map on every channel, so colours keep their hue) gives it the contrast it was trained on.
 */
import type { RgbImage } from '../types';

/** Share of the pixels clipped at each end: a few specular or black pixels do not hold the stretch back. */
const CLIP = 0.01;

function luminance(data: Uint8Array, p: number): number {
  return Math.round(0.299 * data[p] + 0.587 * data[p + 1] + 0.114 * data[p + 2]);
}

/** The grey level below which `share` of the pixels lie, from a 256-bin histogram. */
function percentile(histogram: Uint32Array, pixels: number, share: number): number {
  const target = share * pixels;
  let seen = 0;
  for (let v = 0; v < 256; v++) {
    seen += histogram[v];
    if (seen > target) return v;
  }
  return 255;
}

export function stretchContrast(image: RgbImage): RgbImage {
  const { data, width, height } = image;
  const pixels = width * height;
  const histogram = new Uint32Array(256);
  for (let p = 0; p < data.length; p += 3) histogram[luminance(data, p)]++;
  const lo = percentile(histogram, pixels, CLIP);
  const hi = percentile(histogram, pixels, 1 - CLIP);
  const gain = 255 / Math.max(1, hi - lo);
  const map = new Uint8Array(256);
  for (let v = 0; v < 256; v++) map[v] = Math.max(0, Math.min(255, Math.round((v - lo) * gain)));
  const out = new Uint8Array(data.length);
  for (let i = 0; i < data.length; i++) out[i] = map[data[i]];
  return { data: out, width, height };
}
