/**
 * The trainable head on the frozen 128-D backbone descriptor, as plain numbers (no tfjs): what is
 * stored in `models.weights`, and how a descriptor is mapped into the adapted space. Both
 * architectures start at the identity, so "version 0" is exactly the backbone.
 */
import { DESCRIPTOR_SIZE } from '../vision/types';

const D = DESCRIPTOR_SIZE;

/** u = normalise(x M): M is D x D, row-major, applied to row vectors (M = I is the backbone). */
export interface LinearHead {
  readonly arch: 'linear';
  readonly m: Float32Array;
}

/** u = normalise(x + relu(x W1 + b1) W2 + b2); W2 = 0, b2 = 0 at the start (the identity). */
export interface ResidualMlpHead {
  readonly arch: 'residual-mlp';
  readonly hidden: number;
  readonly w1: Float32Array; // D x hidden
  readonly b1: Float32Array; // hidden
  readonly w2: Float32Array; // hidden x D
  readonly b2: Float32Array; // D
}

export type Head = LinearHead | ResidualMlpHead;
export type HeadArch = Head['arch'];

export function identityLinearHead(): LinearHead {
  const m = new Float32Array(D * D);
  for (let i = 0; i < D; i++) m[i * D + i] = 1;
  return { arch: 'linear', m };
}

/** Maps n descriptors (n*D, row-major) through the head and re-normalises each row. */
export function applyHead(head: Head, vectors: Float32Array): Float32Array {
  if (vectors.length % D !== 0) throw new Error(`vectors length ${vectors.length} is not a multiple of ${D}`);
  const n = vectors.length / D;
  const out = new Float32Array(vectors.length);
  const z = new Float64Array(D);
  const h = head.arch === 'residual-mlp' ? new Float64Array(head.hidden) : null;
  for (let r = 0; r < n; r++) {
    const x = vectors.subarray(r * D, (r + 1) * D);
    if (head.arch === 'linear') linearRow(head.m, x, z);
    else residualRow(head, x, z, h!);
    let norm = 0;
    for (let j = 0; j < D; j++) norm += z[j] * z[j];
    // A zero row cannot be normalised; it stays zero rather than becoming NaN.
    const inv = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (let j = 0; j < D; j++) out[r * D + j] = z[j] * inv;
  }
  return out;
}

function linearRow(m: Float32Array, x: Float32Array, z: Float64Array): void {
  z.fill(0);
  for (let i = 0; i < D; i++) {
    const xi = x[i];
    if (xi === 0) continue;
    const row = i * D;
    for (let j = 0; j < D; j++) z[j] += xi * m[row + j];
  }
}

function residualRow(head: ResidualMlpHead, x: Float32Array, z: Float64Array, h: Float64Array): void {
  const H = head.hidden;
  for (let k = 0; k < H; k++) h[k] = head.b1[k];
  for (let i = 0; i < D; i++) {
    const xi = x[i];
    const row = i * H;
    for (let k = 0; k < H; k++) h[k] += xi * head.w1[row + k];
  }
  for (let j = 0; j < D; j++) z[j] = x[j] + head.b2[j];
  for (let k = 0; k < H; k++) {
    const hk = h[k] > 0 ? h[k] : 0;
    if (hk === 0) continue;
    const row = k * D;
    for (let j = 0; j < D; j++) z[j] += hk * head.w2[row + j];
  }
}

/** The head's parameters in their one order (stored, trained, mapped). */
export function headParams(head: Head): Float32Array[] {
  return head.arch === 'linear' ? [head.m] : [head.w1, head.b1, head.w2, head.b2];
}

/** The head's parameters as one Float32 BLOB (the architecture is stored beside it, in metrics). */
export function headToBlob(head: Head): Buffer {
  const parts = headParams(head);
  const total = parts.reduce((s, p) => s + p.length, 0);
  const all = new Float32Array(total);
  let o = 0;
  for (const p of parts) {
    all.set(p, o);
    o += p.length;
  }
  return Buffer.from(all.buffer, all.byteOffset, all.byteLength);
}

/** Inverse of headToBlob; throws on a BLOB whose size does not fit the architecture. */
export function headFromBlob(arch: HeadArch, blob: Buffer, hidden = 0): Head {
  if (blob.byteLength % 4 !== 0) throw new Error('head weights are not a Float32 array');
  // Copy: the Buffer may share a pool and need not be 4-byte aligned.
  const f = new Float32Array(blob.byteLength / 4);
  new Uint8Array(f.buffer).set(blob);
  if (arch === 'linear') {
    if (f.length !== D * D) throw new Error(`linear head needs ${D * D} weights, got ${f.length}`);
    return { arch, m: f };
  }
  const want = D * hidden + hidden + hidden * D + D;
  if (hidden <= 0 || f.length !== want)
    throw new Error(`residual head (hidden ${hidden}) needs ${want} weights, got ${f.length}`);
  let o = 0;
  const take = (len: number) => f.subarray(o, (o += len));
  return { arch, hidden, w1: take(D * hidden), b1: take(hidden), w2: take(hidden * D), b2: take(D) };
}
