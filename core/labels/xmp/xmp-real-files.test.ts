// Face regions written by other programs (fixtures/SOURCES.md), read by a real scan with the real networks:
// names in rotated photos land on the right faces, and what `facet xmp write` writes, turned to the displayed
// frame by ExifTool's own rotate_regions.config, covers the same faces.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { after, before, test } from 'node:test';
import sharp from 'sharp';
import { openDatabase, type Database } from '../../db/connection';
import { iou } from '../../db/faces-repo';
import { scanFolders } from '../../library/scan';
import { createFaceAnalyzer } from '../../vision/index';
import type { Box, FaceAnalyzer } from '../../vision/types';
import { readFaceRegions } from './mwg-regions';
import { readXmpLabels, writeXmpLabels } from './xmp-labels';

const FIXTURES = path.join(__dirname, 'fixtures');
/** The Curies as portrait.jpg (not rotated) places them: centre-based MWG areas = the displayed frame. */
const CURIES: Record<string, Box> = {
  'Marie Curie': centred(0.368452, 0.307857, 0.113095, 0.198571),
  'Pierre Curie': centred(0.6875, 0.239286, 0.0964286, 0.241429),
};

function centred(x: number, y: number, w: number, h: number): Box {
  return { x: x - w / 2, y: y - h / 2, w, h };
}

const ROTATE_REGIONS = '/usr/share/doc/libimage-exiftool-perl/config_files/rotate_regions.config.gz';
const exiftoolMissing =
  spawnSync('exiftool', ['-ver']).status !== 0 || !fs.existsSync(ROTATE_REGIONS)
    ? 'ExifTool is not installed (apt-get install libimage-exiftool-perl; scripts/test-all.sh does)'
    : false;

let analyzer: FaceAnalyzer;
let dir: string;
before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'facet-xmp-'));
  analyzer = await createFaceAnalyzer();
});
after(async () => {
  await analyzer?.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** The user-named faces of each photo after a scan: name -> box as a fraction of the displayed photo. */
function namedFaces(db: Database): Map<string, Map<string, Box>> {
  const rows = db
    .prepare(
      `SELECT p.path, p.width, p.height, f.x, f.y, f.w, f.h, pe.name FROM faces f JOIN photos p ON p.id = f.photo_id
       JOIN people pe ON pe.id = f.person_id WHERE f.assigned_by = 'user'`,
    )
    .all() as {
    path: string;
    width: number;
    height: number;
    x: number;
    y: number;
    w: number;
    h: number;
    name: string;
  }[];
  const out = new Map<string, Map<string, Box>>();
  for (const r of rows) {
    const m = out.get(path.basename(r.path)) ?? new Map<string, Box>();
    m.set(r.name, { x: r.x / r.width, y: r.y / r.height, w: r.w / r.width, h: r.h / r.height });
    out.set(path.basename(r.path), m);
  }
  return out;
}

/** The detector finds Marie Curie in this photo, not Pierre (whose face is turned and shadowed). */
const FOUND = ['Marie Curie'];

function assertOnTheCuries(faces: Map<string, Box> | undefined, what: string): void {
  assert.ok(faces, `${what}: no face was named`);
  assert.deepEqual([...faces.keys()].sort(), FOUND, what);
  for (const [name, box] of faces)
    assert.ok(iou(box, CURIES[name]) > 0.5, `${what}: ${name} is named on ${JSON.stringify(box)}`);
}

test('a scan names Marie Curie in Exiv2’s unrotated photo and ExifTool’s orientation-6 photo, and says why Pierre is not', async () => {
  const root = path.join(dir, 'as-written');
  fs.mkdirSync(root);
  for (const f of ['portrait.jpg', 'portrait-orientation-6.jpg'])
    fs.copyFileSync(path.join(FIXTURES, f), path.join(root, f));
  const db = openDatabase(path.join(dir, 'as-written.db'));
  await scanFolders(db, [root], { analyzer });
  const named = namedFaces(db);
  // Pierre's region is reported with its reason (what `facet xmp read` lists), not silently counted.
  assert.deepEqual(
    readXmpLabels(db)
      .unmatched.map((u) => [path.basename(u.photo), u.name, u.reason.kind])
      .sort(),
    [
      ['portrait-orientation-6.jpg', 'Pierre Curie', 'no face found'],
      ['portrait.jpg', 'Pierre Curie', 'no face found'],
    ],
  );
  assertOnTheCuries(named.get('portrait.jpg'), 'orientation 1 (Exiv2)');
  assertOnTheCuries(named.get('portrait-orientation-6.jpg'), 'orientation 6 (ExifTool)');
  db.close();
});

/** ExifTool's rotate_regions turns regions clockwise; the stored frame is the displayed one turned back. */
const TURN_TO_STORED: Record<3 | 6 | 8, { pixels: number; regions: string; back: string }> = {
  3: { pixels: 180, regions: 'RotateMWGRegionCW180', back: 'RotateMWGRegionCW180' },
  6: { pixels: 270, regions: 'RotateMWGRegionCW270', back: 'RotateMWGRegionCW90' },
  8: { pixels: 90, regions: 'RotateMWGRegionCW90', back: 'RotateMWGRegionCW270' },
};

test(
  'orientations 3, 6, 8 turned by ExifTool: names land on the Curies, and ExifTool draws what Facet writes on them',
  { skip: exiftoolMissing },
  async () => {
    const config = path.join(dir, 'rotate_regions.config');
    fs.writeFileSync(config, zlib.gunzipSync(fs.readFileSync(ROTATE_REGIONS)));
    const exiftool = (...args: string[]) => execFileSync('exiftool', ['-config', config, '-q', '-q', ...args]);
    const root = path.join(dir, 'turned');
    fs.mkdirSync(root);
    for (const o of [3, 6, 8] as const) {
      const file = path.join(root, `turned-${o}.jpg`);
      // sharp keeps portrait.jpg's XMP; ExifTool then turns its regions into the stored frame.
      await sharp(path.join(FIXTURES, 'portrait.jpg'))
        .rotate(TURN_TO_STORED[o].pixels)
        .withMetadata({ orientation: o })
        .jpeg({ quality: 92 })
        .toFile(file);
      exiftool(`-RegionInfo<${TURN_TO_STORED[o].regions}`, '-overwrite_original', file);
    }
    const db = openDatabase(path.join(dir, 'turned.db'));
    await scanFolders(db, [root], { analyzer });
    const named = namedFaces(db);
    for (const o of [3, 6, 8]) assertOnTheCuries(named.get(`turned-${o}.jpg`), `orientation ${o}`);

    // Without the photos' own regions, the sidecars hold only what Facet writes from its detected faces.
    for (const o of [3, 6, 8]) exiftool('-XMP:all=', '-overwrite_original', path.join(root, `turned-${o}.jpg`));
    assert.equal(writeXmpLabels(db).sidecarsWritten, 3);
    db.close();
    for (const o of [3, 6, 8] as const) {
      const sidecar = path.join(root, `turned-${o}.jpg.xmp`);
      const stored = readFaceRegions(fs.readFileSync(sidecar, 'utf8'));
      const [sw, sh] = o === 3 ? [840, 700] : [700, 840];
      assert.deepEqual(stored.appliedTo, { w: sw, h: sh }, `orientation ${o}: dimensions of the stored image`);
      // ExifTool turns Facet's regions to the displayed frame (a copy, so the sidecar is as written).
      const shown = path.join(dir, `shown-${o}.xmp`);
      fs.copyFileSync(sidecar, shown);
      exiftool(`-RegionInfo<${TURN_TO_STORED[o].back}`, '-overwrite_original', shown);
      const out = JSON.parse(
        execFileSync('exiftool', ['-j', '-n', '-struct', '-RegionInfo', shown], { encoding: 'utf8' }),
      );
      const list = out[0].RegionInfo.RegionList as {
        Name: string;
        Area: { X: number; Y: number; W: number; H: number };
      }[];
      assert.deepEqual(list.map((r) => r.Name).sort(), FOUND);
      for (const r of list) {
        const box = centred(r.Area.X, r.Area.Y, r.Area.W, r.Area.H);
        assert.ok(
          iou(box, CURIES[r.Name]) > 0.5,
          `orientation ${o}: ExifTool draws ${r.Name} at ${JSON.stringify(box)}`,
        );
      }
    }
  },
);
