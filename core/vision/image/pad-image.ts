/**
 * A tight face crop (passport photo, avatar, the 150 px dev crops) defeats the SSD, which expects context around a
 * face. Padding it with a plain border of about half its size lets the detector see a face of normal proportions;
 * the issue measured 30 of 34 such misses recovered on the dev set. The border is the photo's own edge colour, or
 * mid grey: where the face fills the crop, its edge is skin, and a skin-coloured surround hides the face's outline.
 */
import type { RgbImage } from '../types';

/** Photos whose short side is at most this many pixels get the padded retry when nothing was found. */
export const PADDED_RETRY_MAX_SIDE = 400;
/**
 * Border widths (fractions of the long side) tried in turn. 0.5 alone left 34 of 853 hard/lag_aging and 124 of
 * 432 hard/fiw_kinship photos without a face; 1.0 alone 17 and 44; any of 0.25/0.5/0.75/1/1.5 5 and 40 (float32
 * SSD, detection only). A wider border shrinks a face that fills a 224 px crop to what the SSD saw in training.
 */
export const PADDED_RETRY_BORDERS: readonly number[] = [0.5, 1.0, 0.25, 1.5];

export interface PaddedImage {
  readonly image: RgbImage;
  /** Border width in pixels on every side: subtract it to map back to the original. */
  readonly border: number;
}

/** The mean colour of the outermost pixel ring: the plain border continues the photo's own background. */
function edgeColour(image: RgbImage): [number, number, number] {
  const { data, width, height } = image;
  const sum = [0, 0, 0];
  let n = 0;
  const add = (x: number, y: number) => {
    const p = (y * width + x) * 3;
    sum[0] += data[p];
    sum[1] += data[p + 1];
    sum[2] += data[p + 2];
    n++;
  };
  for (let x = 0; x < width; x++) {
    add(x, 0);
    add(x, height - 1);
  }
  for (let y = 1; y < height - 1; y++) {
    add(0, y);
    add(width - 1, y);
  }
  return [Math.round(sum[0] / n), Math.round(sum[1] / n), Math.round(sum[2] / n)];
}

/** What the border is filled with: the mean of the photo's outermost pixel ring, or mid grey. */
export type BorderFill = 'edge' | 'grey';

const MID_GREY: [number, number, number] = [128, 128, 128];

export function padImage(image: RgbImage, borderFraction = 0.5, fill: BorderFill = 'edge'): PaddedImage {
  const border = Math.round(Math.max(image.width, image.height) * borderFraction);
  const width = image.width + 2 * border;
  const height = image.height + 2 * border;
  const data = new Uint8Array(width * height * 3);
  const [r, g, b] = fill === 'edge' ? edgeColour(image) : MID_GREY;
  for (let p = 0; p < data.length; p += 3) {
    data[p] = r;
    data[p + 1] = g;
    data[p + 2] = b;
  }
  const rowBytes = image.width * 3;
  for (let y = 0; y < image.height; y++) {
    data.set(image.data.subarray(y * rowBytes, (y + 1) * rowBytes), ((y + border) * width + border) * 3);
  }
  return { image: { data, width, height }, border };
}
