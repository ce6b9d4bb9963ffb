import assert from 'node:assert/strict';
import { test } from 'node:test';
import { kindOfName, sniffFormat } from './formats';

const bytes = (...parts: (string | number[])[]) =>
  Uint8Array.from(parts.flatMap((p) => (typeof p === 'string' ? [...p].map((c) => c.charCodeAt(0)) : p)));

test('content sniffing tells the formats apart, including AVIF from HEIC', () => {
  assert.equal(sniffFormat(bytes([0xff, 0xd8, 0xff, 0xe0])), 'jpeg');
  assert.equal(sniffFormat(bytes([0x89], 'PNG\r\n', [0x1a, 0x0a])), 'png');
  assert.equal(sniffFormat(bytes('GIF89a')), 'gif');
  assert.equal(sniffFormat(bytes('RIFF', [0, 0, 0, 0], 'WEBPVP8 ')), 'webp');
  assert.equal(sniffFormat(bytes([0x49, 0x49, 0x2a, 0])), 'tiff');
  assert.equal(sniffFormat(bytes([0, 0, 0, 0x1c], 'ftypavif', [0, 0, 0, 0], 'avifmif1')), 'avif');
  assert.equal(sniffFormat(bytes([0, 0, 0, 0x18], 'ftypheic', [0, 0, 0, 0], 'mif1heic')), 'heic');
  assert.equal(sniffFormat(bytes('hello world')), 'unknown');
  assert.equal(sniffFormat(new Uint8Array(0)), 'unknown');
});

test('file names: photos, unsupported photo formats (named), and everything else', () => {
  assert.deepEqual(kindOfName('IMG_1.JPG'), { kind: 'photo' });
  assert.deepEqual(kindOfName('a.webp'), { kind: 'photo' });
  assert.deepEqual(kindOfName('anim.gif'), { kind: 'photo' });
  assert.deepEqual(kindOfName('IMG_2.HEIC'), { kind: 'unsupported', format: 'HEIC' });
  assert.deepEqual(kindOfName('DSC.NEF'), { kind: 'unsupported', format: 'camera RAW (NEF)' });
  assert.deepEqual(kindOfName('clip.mp4'), { kind: 'other' });
  assert.deepEqual(kindOfName('README'), { kind: 'other' });
});
