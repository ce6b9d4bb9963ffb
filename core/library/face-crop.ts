/**
 * The face thumbnail the UI shows: a square centred on the face with some context, 112 px, JPEG. The scanner cuts it
 * from the analysis image already in memory (no second decode); the media server cuts it from the photo for faces
 * scanned before crops were stored. Both use this module, so a face looks the same either way.
 */
import sharp from 'sharp';
import type { Box } from '../vision/types';

export const FACE_CROP_SIZE = 112;
/** Side of the square crop relative to the larger box side: room for hair and chin. */
const CONTEXT = 1.5;
/** What fills the part of the square outside the photo: a neutral grey that reads as "no picture here". */
const PAD = { r: 128, g: 128, b: 128 };

/** A square of `side` pixels centred on the face: the part inside the image, and how much lies outside each edge. */
export interface CropRegion {
  readonly side: number;
  /** The part of the square inside the image (image pixels). */
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
  /** Pixels of the square beyond each image edge, filled with PAD. */
  readonly pad: { readonly left: number; readonly top: number; readonly right: number; readonly bottom: number };
}

/**
 * The face stays at the centre and at the same scale however close it is to an edge or however much of the photo it
 * fills: the square is padded, never shifted or shrunk (which showed an edge face off-centre, a large face as the
 * whole photo).
 */
export function cropRegion(box: Box, width: number, height: number): CropRegion {
  const side = Math.max(1, Math.round(Math.max(box.w, box.h) * CONTEXT));
  const sx = Math.round(box.x + box.w / 2 - side / 2);
  const sy = Math.round(box.y + box.h / 2 - side / 2);
  // At least one pixel of the photo, even for a box that a bad sidecar put outside it.
  const left = Math.min(Math.max(0, sx), width - 1);
  const top = Math.min(Math.max(0, sy), height - 1);
  const right = Math.max(left + 1, Math.min(width, sx + side));
  const bottom = Math.max(top + 1, Math.min(height, sy + side));
  return {
    side,
    left,
    top,
    width: right - left,
    height: bottom - top,
    pad: {
      left: Math.max(0, left - sx),
      top: Math.max(0, top - sy),
      right: Math.max(0, sx + side - right),
      bottom: Math.max(0, sy + side - bottom),
    },
  };
}

/** Raw pixels, interleaved, as the decoder gives them (3 channels for the analysis image, 3 or 4 from sharp). */
export interface RawPixels {
  readonly data: Uint8Array;
  readonly width: number;
  readonly height: number;
  readonly channels?: 1 | 2 | 3 | 4;
}

export async function faceCropJpeg(image: RawPixels, box: Box): Promise<Buffer> {
  const r = cropRegion(box, image.width, image.height);
  const raw = { width: image.width, height: image.height, channels: image.channels ?? 3 };
  // Two steps: sharp applies `extend` after `resize` within one pipeline, which would scale the face and the pad apart.
  const square = await sharp(image.data, { raw })
    .extract({ left: r.left, top: r.top, width: r.width, height: r.height })
    .extend({ ...r.pad, background: PAD })
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return sharp(square.data, { raw: square.info })
    .resize(FACE_CROP_SIZE, FACE_CROP_SIZE)
    .jpeg({ quality: 80 })
    .toBuffer();
}
