/**
 * Where a photo's XMP lives: a sidecar next to it (digiKam and darktable write `IMG_1.jpg.xmp`, Lightroom
 * `IMG_1.xmp`) or a packet embedded in the file. Facet reads all three and writes only sidecars: an original
 * photo is never modified.
 */
import fs from 'node:fs';
import path from 'node:path';
import { toFsPath } from '../../files/fs-name';
import { MAX_XMP_BYTES } from './xml-tree';

/** The sidecar names for a photo, in the order they are read; the first is the one Facet creates. */
export function sidecarCandidates(photoPath: string): string[] {
  const ext = path.extname(photoPath);
  const out = [photoPath + '.xmp'];
  if (ext) {
    const base = photoPath.slice(0, -ext.length);
    out.push(base + '.xmp', base + '.XMP');
  }
  out.push(photoPath + '.XMP');
  return out;
}

/** The first existing sidecar of the photo, or null. */
export function findSidecar(photoPath: string): string | null {
  for (const f of sidecarCandidates(photoPath)) {
    try {
      if (fs.statSync(toFsPath(f)).isFile()) return f;
    } catch {
      // not there
    }
  }
  return null;
}

/** XMP is near the start of JPEG, PNG, TIFF and WebP files; a bounded read keeps this cheap on 50 MB photos. */
const EMBEDDED_SCAN_BYTES = 1024 * 1024;

/** The XMP packet embedded in a photo file (uncompressed, within its first MiB), or null. */
export function readEmbeddedXmp(photoPath: string): string | null {
  let fd: number;
  try {
    fd = fs.openSync(toFsPath(photoPath), 'r');
  } catch {
    return null;
  }
  try {
    const buf = Buffer.alloc(EMBEDDED_SCAN_BYTES);
    const n = fs.readSync(fd, buf, 0, buf.length, 0);
    const text = buf.subarray(0, n).toString('latin1');
    const start = text.search(/<(?:[\w-]+:)?xmpmeta[\s>]/);
    if (start < 0) return null;
    const endTag = /<\/(?:[\w-]+:)?xmpmeta>/g;
    endTag.lastIndex = start;
    const end = endTag.exec(text);
    if (!end) return null;
    // latin1 kept the bytes one-to-one; the packet itself is UTF-8.
    return buf.subarray(start, end.index + end[0].length).toString('utf8');
  } finally {
    fs.closeSync(fd);
  }
}

export function readSidecar(file: string): string {
  const size = fs.statSync(toFsPath(file)).size;
  if (size > MAX_XMP_BYTES) throw new Error(`${file} is ${size} bytes, too large for an XMP sidecar`);
  return fs.readFileSync(toFsPath(file), 'utf8').replace(/^\uFEFF/, '');
}

// Paths are names as stored (fs-name.ts): one that is not valid UTF-8 reaches the OS as its exact bytes.

/**
 * Writes a sidecar atomically and durably: temporary file, fsync, rename, then fsync of the folder, so a crash
 * or power cut leaves the old sidecar or the new, never half of one or an empty file.
 */
export function writeSidecarAtomically(file: string, text: string): void {
  const tmp = `${file}.facet-${process.pid}.tmp`;
  try {
    const fd = fs.openSync(toFsPath(tmp), 'w');
    try {
      fs.writeFileSync(fd, text);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(toFsPath(tmp), toFsPath(file));
  } catch (err) {
    fs.rmSync(toFsPath(tmp), { force: true });
    throw err;
  }
  syncFolder(path.dirname(file));
}

/** Makes the rename itself durable; some systems (Windows) cannot open a folder, where this is skipped. */
function syncFolder(dir: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(toFsPath(dir), 'r');
    fs.fsyncSync(fd);
  } catch {
    // not supported here
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}
