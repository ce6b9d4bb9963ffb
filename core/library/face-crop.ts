/**
 * The face thumbnail the UI shows: a square around the face with some context, 112 px, JPEG, cut from the
 * analysis image that is already in memory (no second decode).
 */
import sharp from 'sharp';
import type { Box, RgbImage } from '../vision/types';

export const FACE_CROP_SIZE = 112;
/** Side of the square crop relative to the larger box side: room for hair and chin. */
const CONTEXT = 1.5;

/** Square region around `box` (image pixels), shifted and shrunk to stay inside the image. */
export function cropRegion(box: Box, width: number, height: number): { left: number; top: number; side: number } {
  const side = Math.max(1, Math.min(Math.round(Math.max(box.w, box.h) * CONTEXT), width, height));
  const cx = box.x + box.w / 2;
  const cy = box.y + box.h / 2;
  const left = Math.min(Math.max(0, Math.round(cx - side / 2)), width - side);
  const top = Math.min(Math.max(0, Math.round(cy - side / 2)), height - side);
  return { left, top, side };
}

export async function faceCropJpeg(image: RgbImage, box: Box): Promise<Buffer> {
  const r = cropRegion(box, image.width, image.height);
  return sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } })
    .extract({ left: r.left, top: r.top, width: r.side, height: r.side })
    .resize(FACE_CROP_SIZE, FACE_CROP_SIZE)
    .jpeg({ quality: 80 })
    .toBuffer();
}
