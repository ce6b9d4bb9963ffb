/**
 * File names as the OS gives them. Linux names are bytes, and not always valid UTF-8 (a camera card written by
 * an old tool, a Latin-1 folder copied from a NAS); Node's strings would turn those bytes into U+FFFD and the file
 * could not be opened again. A name is kept as a string that round-trips to its exact bytes: each byte of an
 * invalid sequence becomes U+EF80 + (byte - 0x80), a private-use character (the encoding called OPTU-8). A real
 * name holding those private-use characters is escaped the same way, so the mapping is one-to-one.
 */

import fs from 'node:fs';
import path from 'node:path';

const ESCAPE_BASE = 0xef00; // byte b (0x80..0xff) <-> U+EF00 + b
const isEscape = (cp: number) => cp >= ESCAPE_BASE + 0x80 && cp <= ESCAPE_BASE + 0xff;

/** Length and code point of the valid UTF-8 sequence at `i`, or null when the bytes there are not one. */
function utf8At(b: Uint8Array, i: number): { cp: number; n: number } | null {
  const c = b[i]!;
  const [n, min] =
    c >= 0xc2 && c <= 0xdf
      ? [2, 0x80]
      : c >= 0xe0 && c <= 0xef
        ? [3, 0x800]
        : c >= 0xf0 && c <= 0xf4
          ? [4, 0x10000]
          : [0, 0];
  if (!n || i + n > b.length) return null;
  let cp = c & (0xff >> (n + 1));
  for (let k = 1; k < n; k++) {
    const d = b[i + k]!;
    if ((d & 0xc0) !== 0x80) return null;
    cp = (cp << 6) | (d & 0x3f);
  }
  if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return null;
  return { cp, n };
}

/** The name (or path) bytes from the OS as a string that `toFsPath` turns back into the same bytes. */
export function fromFsBytes(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length;) {
    const c = bytes[i]!;
    if (c < 0x80) {
      out += String.fromCharCode(c);
      i++;
      continue;
    }
    const seq = utf8At(bytes, i);
    if (seq && !isEscape(seq.cp)) {
      out += String.fromCodePoint(seq.cp);
      i += seq.n;
    } else {
      const n = seq?.n ?? 1;
      for (let k = 0; k < n; k++) out += String.fromCharCode(ESCAPE_BASE + bytes[i + k]!);
      i += n;
    }
  }
  return out;
}

/** True when the path holds escaped bytes, i.e. must reach the OS as a Buffer. */
export function hasRawBytes(p: string): boolean {
  for (const ch of p) if (isEscape(ch.codePointAt(0)!)) return true;
  return false;
}

/** What to hand to `fs` for a path from `fromFsBytes`: the string itself, or its exact bytes when it has escapes. */
export function toFsPath(p: string): string | Buffer {
  if (!hasRawBytes(p)) return p;
  const parts: Buffer[] = [];
  for (const ch of p) {
    const cp = ch.codePointAt(0)!;
    parts.push(isEscape(cp) ? Buffer.from([cp - ESCAPE_BASE]) : Buffer.from(ch, 'utf8'));
  }
  return Buffer.concat(parts);
}

/**
 * The path a lossy command-line argument means. Node decodes argv as UTF-8, so a folder whose name is not valid
 * UTF-8 arrives with U+FFFD in place of its bytes; each such component is matched against the real names of its
 * parent folder (decoded the same lossy way). Null when no single folder matches.
 */
export function resolveLossyPath(abs: string): string | null {
  if (!abs.includes('\uFFFD')) return null;
  const parts = abs.split(path.sep);
  let current = parts[0] || path.sep;
  for (const part of parts.slice(1)) {
    if (!part) continue;
    const direct = path.join(current, part);
    if (!part.includes('\uFFFD')) {
      current = direct;
      continue;
    }
    let names: Buffer[];
    try {
      names = fs.readdirSync(toFsPath(current), { encoding: 'buffer' });
    } catch {
      return null;
    }
    const matches = names.filter((n) => n.toString('utf8') === part);
    if (matches.length !== 1) return null;
    current = path.join(current, fromFsBytes(matches[0]!));
  }
  return current;
}
