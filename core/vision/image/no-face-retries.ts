/**
 * The detector passes a small photo gets when the plain pass finds no face, in order; the first that finds one
 * wins, so photos with a face never pay for them. First the photo padded with its edge colour (tight crops), then
 * contrast-stretched inside a wide mid-grey border: a face that fills a 224 px crop, its edges skin, needs to
 * shrink to about a fifth of the SSD's input before it is found, and the edge colour would surround it with skin.
 * Chosen on the hard/fiw_kinship families with even numbers (30 of their photos had no face after the edge-coloured
 * borders): grey borders of 2, 2.5 and 3 x the long side on the stretched photo found 24 (the same without the
 * stretch 22, any single border at most 20, borders up to 1.5 at most 10); on the odd families 6 of 7 (int8 SSD,
 * the same min score).
 */
import type { RgbImage } from '../types';
import { padImage, PADDED_RETRY_BORDERS, type BorderFill } from './pad-image';

export interface RetryPass {
  /** Border width as a fraction of the photo's long side. */
  readonly border: number;
  readonly fill: BorderFill;
  /** Detect on the contrast-stretched photo (landmarks and descriptors still come from the photo itself). */
  readonly stretch: boolean;
}

/** Grey border widths for the stretched photo, tried after the edge-coloured ones. */
export const WIDE_GREY_BORDERS: readonly number[] = [2, 2.5, 3];

export const NO_FACE_RETRIES: readonly RetryPass[] = [
  ...PADDED_RETRY_BORDERS.map((border) => ({ border, fill: 'edge' as const, stretch: false })),
  ...WIDE_GREY_BORDERS.map((border) => ({ border, fill: 'grey' as const, stretch: true })),
];

export interface RetryImages {
  /** What the detector sees. */
  readonly detectOn: RgbImage;
  /** The same geometry without the stretch: landmarks and descriptors are computed here. */
  readonly describeOn: RgbImage;
  /** Border width in pixels on every side: subtract it to map back to the original. */
  readonly border: number;
}

/** The padded images of one pass; `stretched` gives the photo's contrast-stretched copy (made once per photo). */
export function retryImages(image: RgbImage, pass: RetryPass, stretched: () => RgbImage): RetryImages {
  const padded = padImage(image, pass.border, pass.fill);
  if (!pass.stretch) return { detectOn: padded.image, describeOn: padded.image, border: padded.border };
  const detectOn = padImage(stretched(), pass.border, pass.fill).image;
  return { detectOn, describeOn: padded.image, border: padded.border };
}
