import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { openDatabase } from '../../db/connection';
import { DESCRIPTOR_SIZE } from '../../vision/types';
import { getMatchThreshold } from '../../space/thresholds';
import { seedLibrary, type SeededFace } from '../../verify/testing/seed-library';
import { syntheticFaces } from '../../verify/synthetic-faces';
import { main } from '../main';

const tmpDirs: string[] = [];
after(() => tmpDirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
const tmpDir = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'facet-threshold-'));
  tmpDirs.push(d);
  return d;
};

/** Runs `facet ...args` in-process and returns its exit code and what it printed to stdout. */
async function facet(...args: string[]): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  const log = console.log;
  console.log = (...a: unknown[]) => void lines.push(a.join(' '));
  try {
    return { code: await main(args), out: lines.join('\n') };
  } finally {
    console.log = log;
  }
}

/** 8 people x 6 faces: the first 4 faces of each are user labels, the other 2 are unassigned. */
function libraryFile(): { file: string; faceIds: number[] } {
  const dir = tmpDir();
  const file = path.join(dir, 'library.db');
  const { vectors, labels } = syntheticFaces({ identities: 8, perIdentity: 6, spread: 0.025, seed: 4 });
  const faces: SeededFace[] = Array.from(labels, (l, i) => ({
    descriptor: vectors.slice(i * DESCRIPTOR_SIZE, (i + 1) * DESCRIPTOR_SIZE),
    person: i % 6 < 4 ? l : null,
  }));
  const lib = seedLibrary(8, faces, file);
  lib.db.close();
  return { file, faceIds: lib.faceIds };
}

describe('facet threshold', () => {
  it('proposes and previews without changing anything, then --apply stores it and leaves user labels alone', async () => {
    const { file } = libraryFile();
    const dry = await facet('threshold', '--db', file, '--far', '0.01', '--json');
    assert.equal(dry.code, 0);
    const p = JSON.parse(dry.out);
    assert.equal(p.faces, 32);
    assert.equal(p.identities, 8);
    assert.deepEqual([p.pairs.same, p.pairs.diff], [8 * 6, (32 * 31) / 2 - 8 * 6]);
    assert.ok(p.proposed.far <= 0.01);
    assert.equal(p.applied, null);
    // The 16 unassigned faces each sit among their own person's labelled faces.
    assert.deepEqual(p.preview, { join: 16, leave: 0 });
    const before = openDatabase(file);
    const userRows = () =>
      before.prepare(`SELECT id, person_id FROM faces WHERE assigned_by = 'user' ORDER BY id`).all();
    const labelsBefore = userRows();
    assert.equal(getMatchThreshold(before, 'adapted'), p.current.threshold);

    const applied = await facet('threshold', '--db', file, '--far', '0.01', '--apply', '--json');
    assert.equal(applied.code, 0);
    const a = JSON.parse(applied.out);
    assert.equal(a.applied.threshold, p.proposed.threshold);
    assert.equal(getMatchThreshold(before, 'adapted'), p.proposed.threshold);
    assert.deepEqual(userRows(), labelsBefore);
    assert.equal(a.applied.assigned, 16);
    assert.equal(
      (before.prepare(`SELECT count(*) AS n FROM faces WHERE assigned_by = 'machine'`).get() as { n: number }).n,
      16,
    );
    before.close();

    const text = await facet('threshold', '--db', file, '--far', '0.01');
    assert.match(text.out, /proposed: threshold \d\.\d{4} for FAR <= 0\.01/);
    assert.match(text.out, /nothing changed/);
  });

  it('refuses a bad --far and explains missing labels', async () => {
    const { file } = libraryFile();
    assert.equal((await facet('threshold', '--db', file, '--far', '2')).code, 2);
    const empty = path.join(tmpDir(), 'empty.db');
    const errors: string[] = [];
    const err = console.error;
    console.error = (...a: unknown[]) => void errors.push(a.join(' '));
    try {
      assert.equal((await facet('threshold', '--db', empty)).code, 1);
    } finally {
      console.error = err;
    }
    assert.match(errors.join('\n'), /name at least two faces of one person/);
  });
});

describe('facet check', () => {
  it('prints the distance, the verdict and the place among labelled pairs', async () => {
    const { file, faceIds } = libraryFile();
    const r = await facet('check', String(faceIds[0]), String(faceIds[1]), '--db', file, '--json');
    assert.equal(r.code, 0);
    const c = JSON.parse(r.out);
    assert.ok(c.distance > 0 && c.distance < 2);
    assert.equal(c.verdict, c.distance <= c.threshold ? 'same person' : 'different people');
    assert.equal(c.amongSame.pairs, 48);
    const text = await facet('check', String(faceIds[0]), String(faceIds[6]), '--db', file);
    assert.match(text.out, /distance \d\.\d{4} > threshold .* -> different people/);
    assert.match(text.out, /\d+\.\d% of your 448 different-person pairs are closer than this/);
    assert.equal((await facet('check', 'x', '1', '--db', file)).code, 2);
  });
});
