import { createHash } from 'node:crypto';
import fs from 'node:fs';

/**
 * SHA-256 of a file's bytes, streamed (a 50 MB photo is never held whole). Identifies a photo that was moved
 * or renamed; computed only for new or changed files.
 */
export async function contentHash(file: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 1 << 20 })) h.update(chunk as Buffer);
  return h.digest('hex');
}

/** The same hash of bytes already in memory (the scanner reads a file once, then hashes and decodes it). */
export function contentHashOf(buf: Uint8Array): string {
  return createHash('sha256').update(buf).digest('hex');
}
