/**
 * Test fixtures: face-api's demo photos (22 faces in sample1..6.jpg) decoded with sharp the way the scanner does
 * (EXIF-rotated, at most 1024 px on the long side, packed RGB), the shared dev set when ../shared exists, and the
 * models built on demand (the build step is idempotent and takes seconds).
 */
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { buildModels } from '../../../scripts/build-models';
import type { RgbImage } from '../types';

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
export const DEMO_DIR = path.join(REPO_ROOT, 'node_modules', '@vladmandic', 'face-api', 'demo');
export const SAMPLE_FILES = [1, 2, 3, 4, 5, 6].map((i) => path.join(DEMO_DIR, `sample${i}.jpg`));
export const SAMPLE_FACE_COUNT = 22;
export const SHARED_DEV_DIR = path.join(REPO_ROOT, '..', 'shared', 'faces', 'dev');
export const MODEL_DIR = path.join(REPO_ROOT, 'resources', 'models');

export async function decodeImage(file: string, maxSide: number | null = 1024): Promise<RgbImage> {
  let pipeline = sharp(file).rotate();
  if (maxSide) pipeline = pipeline.resize({ width: maxSide, height: maxSide, fit: 'inside', withoutEnlargement: true });
  const { data, info } = await pipeline.removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height };
}

export function decodeSamples(maxSide: number | null = 1024): Promise<RgbImage[]> {
  return Promise.all(SAMPLE_FILES.map((f) => decodeImage(f, maxSide)));
}

/** Builds resources/models if a fresh checkout has not yet (npm install normally has). */
export async function ensureModels(): Promise<string> {
  await buildModels(MODEL_DIR, () => undefined);
  return MODEL_DIR;
}

/** A sub-rectangle of an image, copied. */
export function cropImage(image: RgbImage, x: number, y: number, w: number, h: number): RgbImage {
  const data = new Uint8Array(w * h * 3);
  for (let row = 0; row < h; row++) {
    const from = ((y + row) * image.width + x) * 3;
    data.set(image.data.subarray(from, from + w * 3), row * w * 3);
  }
  return { data, width: w, height: h };
}

/** The dev set's tight face crops (150x150 greyscale) when ../shared is present, else null. */
export function sharedDevCrops(): string[] | null {
  if (!fs.existsSync(SHARED_DEV_DIR)) return null;
  const files: string[] = [];
  for (const person of fs.readdirSync(SHARED_DEV_DIR)) {
    const dir = path.join(SHARED_DEV_DIR, person);
    if (!fs.statSync(dir).isDirectory()) continue;
    for (const f of fs.readdirSync(dir)) if (/\.(png|jpe?g)$/i.test(f)) files.push(path.join(dir, f));
  }
  return files;
}

export function iou(
  a: { x: number; y: number; w: number; h: number },
  b: { x: number; y: number; w: number; h: number },
): number {
  const ix = Math.max(0, Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x));
  const iy = Math.max(0, Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y));
  const inter = ix * iy;
  return inter / (a.w * a.h + b.w * b.h - inter);
}
