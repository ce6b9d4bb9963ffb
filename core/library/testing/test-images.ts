/** Small generated photos for tests: distinct content per seed, written as real JPEG/PNG files. */
import sharp from 'sharp';

export async function writeTestJpeg(file: string, seed: number, width = 320, height = 240): Promise<void> {
  const data = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 3;
      data[o] = (x * (seed + 1) + y) & 255;
      data[o + 1] = (y * (seed + 3) + 7 * seed) & 255;
      data[o + 2] = ((x ^ y) + 31 * seed) & 255;
    }
  await sharp(data, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 90 })
    .toFile(file);
}
