/**
 * The user's loop as a measurement (open-set 1:N identification, issue 11): from a labelled tree, some identities
 * are named from their first photos, the others are strangers; the remaining photos arrive as new photos and go
 * through the product's own after-scan path (updatePeople: k-NN assignment against labelled people, then
 * clustering). Scored per split: recall (new photos of named people given the right name), wrong names, FPIR
 * (strangers given any name), and FNIR at fixed FPIR from the nearest-named-face distance.
 *
 * Each photo is scanned once (the caller's scanned library); every split builds its library from a copy of it:
 * the new photos' face rows are taken out, the first photos are clustered and labelled, then the rows go back in
 * with fresh ids, as a second scan would add them, and the after-scan step runs.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { openDatabase } from '../db/connection';
import type { LabeledFace } from './labeled-face';
import { loadMatchingSpace } from '../space/matching-space';
import { mulberry32 } from '../verify/rng';
import { DESCRIPTOR_SIZE } from '../vision/types';
import { namingCalibration } from './assignment';
import { searchKnn } from './knn-graph';
import { labelFromFolders } from './label-from-folders';
import { SETTING_NAMING_RULE, type NamingRuleKind } from './defaults';
import { loadFaceTable, setSetting } from './people-repo';
import { updatePeople } from './update-people';

const DIM = DESCRIPTOR_SIZE;

export interface NamingSplit {
  readonly seed: number;
  /** Identities the user names (from their first photos). */
  readonly named: ReadonlySet<string>;
  /** Photo ids the user names: the first `firstFraction` of each named identity's photos, by path. */
  readonly firstPhotos: ReadonlySet<number>;
}

export interface SplitOptions {
  readonly splits: number;
  /** Share of identities named (the rest are strangers). */
  readonly namedFraction?: number;
  /** Share of a named identity's photos (by path order, at least one) named by the user. */
  readonly firstFraction?: number;
  readonly seed?: number;
}

function byIdentity(faces: readonly LabeledFace[]): Map<string, LabeledFace[]> {
  const m = new Map<string, LabeledFace[]>();
  for (const f of faces) m.set(f.identity, [...(m.get(f.identity) ?? []), f]);
  for (const list of m.values()) list.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return m;
}

/** Random identity splits: `namedFraction` of the identities named, the rest strangers. */
export function namingSplits(faces: readonly LabeledFace[], opts: SplitOptions): NamingSplit[] {
  const groups = byIdentity(faces);
  const names = [...groups.keys()].sort();
  const namedCount = Math.max(1, Math.min(names.length - 1, Math.round(names.length * (opts.namedFraction ?? 0.5))));
  const firstFraction = opts.firstFraction ?? 0.5;
  const out: NamingSplit[] = [];
  for (let s = 0; s < opts.splits; s++) {
    const seed = (opts.seed ?? 0) + s;
    const rand = mulberry32(seed);
    const order = [...names];
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    const named = new Set(order.slice(0, namedCount));
    const firstPhotos = new Set<number>();
    for (const name of named) {
      const list = groups.get(name)!;
      const first = Math.max(1, Math.ceil(list.length * firstFraction));
      for (const f of list.slice(0, first)) firstPhotos.add(f.photoId);
    }
    out.push({ seed, named, firstPhotos });
  }
  return out;
}

export type NewPhotoOutcome = 'right' | 'wrong' | 'unnamed';

export interface SplitResult {
  readonly seed: number;
  readonly namedPeople: number;
  readonly namedFaces: number;
  /** New photos of named people (scored by their largest face). */
  readonly newPhotos: number;
  readonly right: number;
  readonly wrong: number;
  readonly strangerPhotos: number;
  readonly strangersNamed: number;
  readonly recall: number;
  readonly fpir: number;
  /** FNIR at FPIR 1e-2 / 1e-3 by the distance to the nearest named face (rank-1 mate within the threshold). */
  readonly fnirAtFpir: { readonly '1e-2': number; readonly '1e-3': number };
  /** The naming rule's threshold in this split, and where it came from. */
  readonly naming: { readonly threshold: number; readonly source: 'lopo' | 'pair'; readonly samples: number };
  /** Distances of stranger photos to the nearest named face, sorted (nearest first; the first few). */
  readonly nearestStrangers: readonly number[];
}

/** FNIR at a target FPIR from rank-1 scores: the threshold is the largest distance naming at most `fpir` strangers. */
export function fnirAtFpir(
  mates: readonly { distance: number; rightPerson: boolean }[],
  strangerDistances: readonly number[],
  fpir: number,
): number {
  if (!mates.length) return 0;
  const s = [...strangerDistances].sort((a, b) => a - b);
  const allowed = Math.floor(fpir * s.length);
  // name a face when its distance is below the (allowed+1)-th nearest stranger
  const limit = allowed < s.length ? s[allowed] : Infinity;
  const missed = mates.filter((m) => !(m.rightPerson && m.distance < limit)).length;
  return missed / mates.length;
}

/** Rank-1 distance and person of each row against the user-labelled faces, in the matching space. */
function nearestLabelled(db: Database, faceIds: readonly number[]): Map<number, { distance: number; person: number }> {
  const table = loadFaceTable(db);
  const space = loadMatchingSpace(db);
  const rowOf = new Map<number, number>();
  table.ids.forEach((id, r) => rowOf.set(id, r));
  const refs: number[] = [];
  for (let r = 0; r < table.ids.length; r++) if (table.userAssigned[r] && table.personIds[r] >= 0) refs.push(r);
  const queries = faceIds.filter((id) => rowOf.has(id));
  const gather = (rows: readonly number[]) => {
    const v = new Float32Array(rows.length * DIM);
    rows.forEach((r, i) => v.set(table.vectors.subarray(r * DIM, (r + 1) * DIM), i * DIM));
    return space.mapAll(v);
  };
  const out = new Map<number, { distance: number; person: number }>();
  if (!refs.length || !queries.length) return out;
  const g = searchKnn(gather(refs), gather(queries.map((id) => rowOf.get(id)!)), DIM, 1);
  queries.forEach((id, q) => out.set(id, { distance: g.distances[q], person: table.personIds[refs[g.indices[q]]] }));
  return out;
}

interface FaceRowCopy {
  readonly [column: string]: unknown;
}

/**
 * Runs one split in a copy of `source` (a scanned library of the tree) written to `workFile`, and scores it.
 * `rule` picks the naming decision; `prepare`, when given, runs after the first photos are labelled and before the new photos arrive (a retrain).
 */
export async function runNamingSplit(
  source: Database,
  faces: readonly LabeledFace[],
  split: NamingSplit,
  workFile: string,
  opts: { readonly rule?: NamingRuleKind; readonly prepare?: (db: Database) => Promise<void> | void } = {},
): Promise<SplitResult> {
  fs.rmSync(workFile, { force: true });
  source.prepare('VACUUM INTO ?').run(workFile);
  const db = openDatabase(workFile, { beforeMigrate: () => {} });
  try {
    // a fresh library: only what the scan found
    db.exec(`
      UPDATE faces SET person_id = NULL, assigned_by = NULL;
      DELETE FROM not_person; DELETE FROM people; DELETE FROM people_undo;
      DELETE FROM settings WHERE key LIKE 'people.%';
      DELETE FROM models WHERE kind = 'head';
    `);
    if (opts.rule) setSetting(db, SETTING_NAMING_RULE, opts.rule);
    const first = faces.filter((f) => split.firstPhotos.has(f.photoId));
    const laterPhotoIds = faces.filter((f) => !split.firstPhotos.has(f.photoId)).map((f) => f.photoId);
    // take the later photos' faces (every face of those photos, not just the largest) out, to add them back later
    const held = db
      .prepare(`SELECT * FROM faces WHERE photo_id IN (SELECT value FROM json_each(?)) ORDER BY id`)
      .all(JSON.stringify(laterPhotoIds)) as FaceRowCopy[];
    db.prepare(`DELETE FROM faces WHERE photo_id IN (SELECT value FROM json_each(?))`).run(
      JSON.stringify(laterPhotoIds),
    );
    updatePeople(db);
    labelFromFolders(db, first);
    await opts.prepare?.(db);
    const calibration = namingCalibration(db);

    // the second scan: the same rows, new ids (after every existing face, as a scan appends)
    const newId = new Map<number, number>();
    if (held.length) {
      const cols = Object.keys(held[0]).filter((c) => c !== 'id');
      const insert = db.prepare(
        `INSERT INTO faces (${cols.join(', ')}) VALUES (${cols.map((c) => '@' + c).join(', ')})`,
      );
      db.transaction(() => {
        for (const row of held) {
          const values: Record<string, unknown> = { ...row, person_id: null, assigned_by: null };
          delete values.id;
          const info = insert.run(values);
          newId.set(row.id as number, Number(info.lastInsertRowid));
        }
      })();
    }
    updatePeople(db);

    const nameOfFace = db.prepare(
      `SELECT p.name AS name FROM faces f LEFT JOIN people p ON p.id = f.person_id WHERE f.id = ?`,
    );
    const later = faces.filter((f) => !split.firstPhotos.has(f.photoId) && newId.has(f.faceId));
    const nearest = nearestLabelled(
      db,
      later.map((f) => newId.get(f.faceId)!),
    );
    const personName = new Map(
      (db.prepare('SELECT id, name FROM people').all() as { id: number; name: string | null }[]).map((r) => [
        r.id,
        r.name,
      ]),
    );
    let right = 0;
    let wrong = 0;
    let newPhotos = 0;
    let strangerPhotos = 0;
    let strangersNamed = 0;
    const mates: { distance: number; rightPerson: boolean }[] = [];
    const strangerDistances: number[] = [];
    for (const f of later) {
      const id = newId.get(f.faceId)!;
      const name = (nameOfFace.get(id) as { name: string | null } | undefined)?.name ?? null;
      const near = nearest.get(id);
      if (split.named.has(f.identity)) {
        newPhotos++;
        if (name === f.identity) right++;
        else if (name !== null) wrong++;
        mates.push({
          distance: near?.distance ?? Infinity,
          rightPerson: near !== undefined && personName.get(near.person) === f.identity,
        });
      } else {
        strangerPhotos++;
        if (name !== null) strangersNamed++;
        strangerDistances.push(near?.distance ?? Infinity);
      }
    }
    return {
      seed: split.seed,
      namedPeople: split.named.size,
      namedFaces: first.length,
      newPhotos,
      right,
      wrong,
      strangerPhotos,
      strangersNamed,
      recall: newPhotos ? right / newPhotos : 0,
      fpir: strangerPhotos ? strangersNamed / strangerPhotos : 0,
      fnirAtFpir: {
        '1e-2': fnirAtFpir(mates, strangerDistances, 1e-2),
        '1e-3': fnirAtFpir(mates, strangerDistances, 1e-3),
      },
      naming: { threshold: calibration.threshold, source: calibration.source, samples: calibration.samples },
      nearestStrangers: strangerDistances.sort((a, b) => a - b).slice(0, 5),
    };
  } finally {
    db.close();
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(workFile + suffix, { force: true });
  }
}

export interface Spread {
  readonly mean: number;
  readonly sd: number;
  readonly min: number;
  readonly max: number;
}

export function spread(xs: readonly number[]): Spread {
  if (!xs.length) return { mean: 0, sd: 0, min: 0, max: 0 };
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const sd = xs.length > 1 ? Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1)) : 0;
  return { mean, sd, min: Math.min(...xs), max: Math.max(...xs) };
}

export interface NamingSummary {
  readonly recall: Spread;
  readonly fpir: Spread;
  readonly wrongRate: Spread;
  readonly fnirAtFpir1e2: Spread;
  readonly fnirAtFpir1e3: Spread;
  /** Totals over all splits. */
  readonly totals: {
    readonly newPhotos: number;
    readonly right: number;
    readonly wrong: number;
    readonly strangerPhotos: number;
    readonly strangersNamed: number;
  };
}

export function summarise(results: readonly SplitResult[]): NamingSummary {
  const sum = (k: 'newPhotos' | 'right' | 'wrong' | 'strangerPhotos' | 'strangersNamed') =>
    results.reduce((a, r) => a + r[k], 0);
  return {
    recall: spread(results.map((r) => r.recall)),
    fpir: spread(results.map((r) => r.fpir)),
    wrongRate: spread(results.map((r) => (r.newPhotos ? r.wrong / r.newPhotos : 0))),
    fnirAtFpir1e2: spread(results.map((r) => r.fnirAtFpir['1e-2'])),
    fnirAtFpir1e3: spread(results.map((r) => r.fnirAtFpir['1e-3'])),
    totals: {
      newPhotos: sum('newPhotos'),
      right: sum('right'),
      wrong: sum('wrong'),
      strangerPhotos: sum('strangerPhotos'),
      strangersNamed: sum('strangersNamed'),
    },
  };
}

/** A scratch file for split libraries, outside the user's library. */
export function scratchFile(tag: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'facet-eval-naming-'));
  return path.join(dir, `${tag}.db`);
}
