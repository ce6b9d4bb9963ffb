/**
 * Which files are photos Facet can read. Decided twice: by extension during the walk (cheap, so that a
 * folder of 100k files is not opened file by file), and by content (magic bytes) before decoding, so that
 * a HEIC or a text file named .jpg gets a clear message instead of a decoder's.
 */
import path from 'node:path';

/** Extensions decoded by sharp (GIF: first frame). */
const SUPPORTED = new Set(['.jpg', '.jpeg', '.jpe', '.jfif', '.png', '.webp', '.tif', '.tiff', '.avif', '.gif']);

/** Photo formats users have that this build cannot decode: recorded as photo errors, never skipped silently. */
const UNSUPPORTED: ReadonlyMap<string, string> = new Map([
  ['.heic', 'HEIC'],
  ['.heif', 'HEIF'],
  ['.hif', 'HEIF'],
  ['.jxl', 'JPEG XL'],
  ['.bmp', 'BMP'],
  ['.psd', 'Photoshop PSD'],
  ...[
    '.cr2',
    '.cr3',
    '.crw',
    '.nef',
    '.nrw',
    '.arw',
    '.srf',
    '.sr2',
    '.dng',
    '.raf',
    '.orf',
    '.rw2',
    '.pef',
    '.srw',
    '.x3f',
    '.3fr',
    '.iiq',
    '.erf',
    '.mrw',
    '.kdc',
    '.rwl',
  ].map((e): [string, string] => [e, `camera RAW (${e.slice(1).toUpperCase()})`]),
]);

export type FileKind =
  { readonly kind: 'photo' } | { readonly kind: 'unsupported'; readonly format: string } | { readonly kind: 'other' };

/** Classifies a file by its name alone. 'other' files (videos, documents) are not part of the library. */
export function kindOfName(name: string): FileKind {
  const ext = path.extname(name).toLowerCase();
  if (SUPPORTED.has(ext)) return { kind: 'photo' };
  const format = UNSUPPORTED.get(ext);
  return format ? { kind: 'unsupported', format } : { kind: 'other' };
}

export type SniffedFormat = 'jpeg' | 'png' | 'gif' | 'webp' | 'tiff' | 'avif' | 'heic' | 'unknown';

/** The format from the first bytes of a file (ISO-BMFF brands tell AVIF from HEIC). */
export function sniffFormat(head: Uint8Array): SniffedFormat {
  const b = head;
  const ascii = (from: number, to: number) => String.fromCharCode(...b.subarray(from, to));
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpeg';
  if (b.length >= 8 && b[0] === 0x89 && ascii(1, 4) === 'PNG') return 'png';
  if (b.length >= 6 && (ascii(0, 6) === 'GIF87a' || ascii(0, 6) === 'GIF89a')) return 'gif';
  if (b.length >= 12 && ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'webp';
  if (
    b.length >= 4 &&
    ((b[0] === 0x49 && b[1] === 0x49 && b[2] === 0x2a && b[3] === 0) ||
      (b[0] === 0x4d && b[1] === 0x4d && b[2] === 0 && b[3] === 0x2a))
  )
    return 'tiff';
  if (b.length >= 12 && ascii(4, 8) === 'ftyp') {
    const brands = ascii(8, Math.min(b.length, 32));
    if (/avi[fs]/.test(brands)) return 'avif';
    if (/hei[cxms]|hev[cx]|mif1|msf1/.test(brands)) return 'heic';
  }
  return 'unknown';
}
