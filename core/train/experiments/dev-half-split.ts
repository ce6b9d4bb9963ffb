/**
 * The real-faces measurement for notes (issue 5): a library whose photos were labelled from folders
 * (`facet label --from-folders ../shared/faces/dev`) keeps the user labels of HALF of each person's photos
 * (even positions by path) and forgets the other half; `facet train` runs on what is left; the forgotten half is
 * then measured before (backbone) and after (the trained head): among themselves, and against the labelled half
 * (what matching a new photo against named people looks like).
 *
 *   node --import tsx core/train/experiments/dev-half-split.ts <labelled.db> [--arch linear|residual-mlp] [--seeds 1,2,3]
 *
 * Works on a copy; the database given is not modified.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../db/connection';
import { DESCRIPTOR_SIZE as D } from '../../vision/types';
import { loadTrainBackend } from '../tf-backend';
import { embed } from '../trainable-head';
import type { HeadArch } from '../../space/head';
import { figures, figuresOfAllPairs, gatherRows, heldOutPairs, type SpaceFigures } from '../space-figures';
import { trainFromLabels } from '../train-service';
import { getHeadVersion } from '../../space/versions-repo';

interface Face {
  id: number;
  personId: number;
  path: string;
  embedding: Buffer;
}

const short = (f: SpaceFigures) => ({ auc: +f.auc.toFixed(5), valAtFar1e3: +f.valAtFar1e3.toFixed(4) });

async function once(source: string, arch: HeadArch, seed: number) {
  const copy = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'facet-train-exp-')), 'library.db');
  const src = openDatabase(source);
  src.prepare('VACUUM INTO ?').run(copy);
  src.close();
  const db = openDatabase(copy);
  const faces = db
    .prepare(
      `SELECT f.id, f.person_id AS personId, p.path, f.embedding FROM faces f JOIN photos p ON p.id = f.photo_id
       WHERE f.assigned_by = 'user' ORDER BY f.person_id, p.path`,
    )
    .all() as Face[];
  const position = new Map<number, number>();
  const forgotten: Face[] = [];
  const kept: Face[] = [];
  for (const f of faces) {
    const k = position.get(f.personId) ?? 0;
    position.set(f.personId, k + 1);
    (k % 2 === 0 ? kept : forgotten).push(f);
  }
  const clear = db.prepare(`UPDATE faces SET person_id = NULL, assigned_by = NULL WHERE id = ?`);
  db.transaction(() => forgotten.forEach((f) => clear.run(f.id)))();

  const r = await trainFromLabels(db, { settings: { arch, seed } });
  const head = getHeadVersion(db, r.version)!.head;
  const all = [...forgotten, ...kept];
  const vectors = new Float32Array(all.length * D);
  all.forEach((f, i) => new Uint8Array(vectors.buffer, i * D * 4, D * 4).set(f.embedding));
  const labels = Int32Array.from(all, (f) => f.personId);
  const other = forgotten.map((_, i) => i);
  const isOther = all.map((_, i) => i < forgotten.length);
  const { tf } = await loadTrainBackend();
  const adapted = embed(tf, head, vectors);
  const result = {
    arch,
    seed,
    labelledFaces: kept.length,
    otherFaces: forgotten.length,
    people: position.size,
    otherPhotos: {
      before: short(figuresOfAllPairs(tf, gatherRows(vectors, other), labels.slice(0, other.length))),
      after: short(figuresOfAllPairs(tf, gatherRows(adapted, other), labels.slice(0, other.length))),
    },
    otherAgainstLabelled: {
      before: short(figures(heldOutPairs(tf, vectors, labels, isOther))),
      after: short(figures(heldOutPairs(tf, adapted, labels, isOther))),
    },
    train: r,
  };
  db.close();
  fs.rmSync(path.dirname(copy), { recursive: true, force: true });
  return result;
}

async function main(): Promise<void> {
  const [source, ...rest] = process.argv.slice(2);
  if (!source || !fs.existsSync(source))
    throw new Error('usage: dev-half-split.ts <labelled.db> [--arch a] [--seeds 1,2]');
  const opt = (name: string, dflt: string) => {
    const i = rest.indexOf(name);
    return i >= 0 ? rest[i + 1] : dflt;
  };
  const arch = opt('--arch', 'linear') as HeadArch;
  for (const seed of opt('--seeds', '1').split(',').map(Number))
    console.log(JSON.stringify(await once(source, arch, seed)));
}

main().catch((err: Error) => {
  console.error(err.message);
  process.exit(1);
});
