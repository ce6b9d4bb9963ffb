import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { openDatabase } from '../../db/connection';
import { toyFaces } from '../../train/testing/toy-faces';
import { seedLibrary, type SeededFace } from '../../verify/testing/seed-library';
import { DESCRIPTOR_SIZE as D } from '../../vision/types';
import { main } from '../main';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'facet-train-cli-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

async function facet(...args: string[]): Promise<{ code: number; out: string[] }> {
  const lines: string[] = [];
  const log = console.log;
  console.log = (...a: unknown[]) => void lines.push(a.join(' '));
  try {
    return { code: await main(args), out: lines };
  } finally {
    console.log = log;
  }
}

function libraryFile(): string {
  const file = path.join(dir, 'library.db');
  const { vectors, labels } = toyFaces({ kind: 'shared', people: 9, perPerson: 8 });
  const faces: SeededFace[] = Array.from(labels, (p, i) => ({
    descriptor: vectors.slice(i * D, (i + 1) * D),
    person: p,
  }));
  const { db } = seedLibrary(9, faces);
  db.prepare('VACUUM INTO ?').run(file);
  db.close();
  return file;
}

test('facet train --json ends with the report; --list, --rollback and --activate move the matching space', async () => {
  const file = libraryFile();
  const r = await facet('train', '--db', file, '--json', '--seed', '2');
  assert.equal(r.code, 0);
  const report = JSON.parse(r.out.at(-1)!);
  for (const k of ['version', 'parent', 'before', 'after', 'unseen', 'activated', 'seconds']) assert.ok(k in report, k);
  for (const k of ['auc', 'valAtFar1e3']) {
    assert.equal(typeof report.before[k], 'number');
    assert.equal(typeof report.after[k], 'number');
    assert.equal(typeof report.unseen.before[k], 'number');
    assert.equal(typeof report.unseen.after[k], 'number');
  }
  const list = await facet('train', '--db', file, '--list', '--json');
  const versions = JSON.parse(list.out.at(-1)!) as { id: number; active: boolean }[];
  assert.deepEqual(
    versions.map((v) => v.id),
    [report.version],
  );
  assert.equal(versions[0].active, report.activated);

  assert.equal((await facet('train', '--db', file, '--rollback', '--json')).code, 0);
  const activeOf = () => {
    const db = openDatabase(file);
    const id = db.prepare(`SELECT id FROM models WHERE kind = 'head' AND active = 1`).pluck().get();
    db.close();
    return id ?? null;
  };
  assert.equal(activeOf(), null);
  assert.equal((await facet('train', '--db', file, '--activate', String(report.version))).code, 0);
  assert.equal(activeOf(), report.version);
  assert.equal((await facet('train', '--db', file, '--activate', '999')).code, 1, 'an unknown version is refused');
  assert.equal(activeOf(), report.version, 'and changes nothing');
});

test('facet train with too few labels fails with a clear message and writes nothing', async () => {
  const file = path.join(dir, 'empty.db');
  openDatabase(file).close();
  const errors: string[] = [];
  const err = console.error;
  console.error = (...a: unknown[]) => void errors.push(a.join(' '));
  try {
    assert.equal((await facet('train', '--db', file)).code, 1);
  } finally {
    console.error = err;
  }
  assert.match(errors.join('\n'), /not enough labels/);
});
