import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { toFsPath } from '../files/fs-name';

/**
 * SHA-256 of a file's bytes, streamed (a 50 MB photo is never held whole). Identifies a photo that was moved
 * or renamed; computed only for new or changed files.
 */
export async function contentHash(file: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of fs.createReadStream(toFsPath(file), { highWaterMark: 1 << 20 })) h.update(chunk as Buffer);
  return h.digest('hex');
}

/** The same hash of bytes already in memory (the scanner reads a file once, then hashes and decodes it). */
export function contentHashOf(buf: Uint8Array): string {
  return createHash('sha256').update(buf).digest('hex');
}

/** Bytes read from each end of a file for its quick hash. */
const QUICK_SPAN = 64 * 1024;

/**
 * SHA-256 of the first and last 64 KiB (the whole file when smaller), with the size: a cheap check that a file
 * with the same name, size and mtime still holds the same photo (two small reads, no decode).
 */
export async function quickHash(file: string): Promise<string> {
  const fh = await fs.promises.open(toFsPath(file), 'r');
  try {
    const size = (await fh.stat()).size;
    const head = Buffer.alloc(Math.min(QUICK_SPAN, size));
    await fh.read(head, 0, head.length, 0);
    const tailLength = Math.min(QUICK_SPAN, size);
    const tail = Buffer.alloc(tailLength);
    await fh.read(tail, 0, tailLength, size - tailLength);
    return quickHashOfParts(head, tail, size);
  } finally {
    await fh.close();
  }
}

/** The same quick hash of bytes already in memory. */
export function quickHashOf(buf: Uint8Array): string {
  const n = Math.min(QUICK_SPAN, buf.byteLength);
  return quickHashOfParts(buf.subarray(0, n), buf.subarray(buf.byteLength - n), buf.byteLength);
}

function quickHashOfParts(head: Uint8Array, tail: Uint8Array, size: number): string {
  return createHash('sha256').update(String(size)).update(head).update(tail).digest('hex');
}
