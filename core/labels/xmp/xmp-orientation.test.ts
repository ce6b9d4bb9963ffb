import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { openDatabase } from '../../db/connection';
import { iou } from '../../db/faces-repo';
import type { Box } from '../../vision/types';
import { addPerson, label, seedPhotos } from '../testing/seed-library';
import { tempDir } from '../../safety/testing/temp-dir';
import { readFaceRegions } from './mwg-regions';
import { storedToDisplayed, swapsAxes, type Orientation } from './orientation';
import { writeFaceRegions } from './region-writer';
import { readXmpLabels, writeXmpLabels } from './xmp-labels';

// A stored 120x80 image with two "faces" (white blocks) at known places in the stored pixels.
const W = 120;
const H = 80;
const ADA = { x: 10, y: 12, w: 24, h: 30 };
const GRACE = { x: 70, y: 30, w: 28, h: 34 };
const norm = (b: Box): Box => ({ x: b.x / W, y: b.y / H, w: b.w / W, h: b.h / H });

async function photo(file: string, o: Orientation, embeddedXmp?: string): Promise<void> {
  const data = Buffer.alloc(W * H * 3);
  for (const b of [ADA, GRACE])
    for (let y = b.y; y < b.y + b.h; y++) data.fill(255, (y * W + b.x) * 3, (y * W + b.x + b.w) * 3);
  let img = sharp(data, { raw: { width: W, height: H, channels: 3 } }).withMetadata({ orientation: o });
  if (embeddedXmp) img = img.withXmp(embeddedXmp);
  await img.jpeg({ quality: 95 }).toFile(file);
}

/** Lightroom / ExifTool style: regions in the stored frame, AppliedToDimensions of the stored image. */
const storedFrameXmp = (name: string, b: Box) => writeFaceRegions(null, [{ name, box: norm(b) }], { w: W, h: H });

/** The library as a scan of the photo leaves it: display-frame size, the detector's boxes in display pixels. */
function seed(dir: string, file: string, o: Orientation) {
  const db = openDatabase(path.join(dir, `lib-${path.basename(file)}.db`));
  const [dw, dh] = swapsAxes(o) ? [H, W] : [W, H];
  const shown = (b: Box) => {
    const d = storedToDisplayed(norm(b), o); // checked against sharp's own rotation in orientation.test.ts
    return { x: d.x * dw + 1, y: d.y * dh - 1, w: d.w * dw, h: d.h * dh }; // a detector is never pixel-exact
  };
  const [faces] = seedPhotos(db, dir, [
    { path: file, hash: `h${o}${path.basename(file)}`, width: dw, height: dh, boxes: [shown(ADA), shown(GRACE)] },
  ]);
  return { db, faces };
}

for (const o of [1, 3, 6, 8] as const) {
  test(`orientation ${o}: stored-frame regions (sidecar and embedded) name the right face`, async () => {
    const dir = tempDir();
    const withSidecar = path.join(dir, `sidecar-${o}.jpg`);
    await photo(withSidecar, o);
    fs.writeFileSync(withSidecar + '.xmp', storedFrameXmp('Ada', ADA));
    const embedded = path.join(dir, `embedded-${o}.jpg`);
    await photo(embedded, o, storedFrameXmp('Ada', ADA));
    for (const file of [withSidecar, embedded]) {
      const { db, faces } = seed(dir, file, o);
      const r = readXmpLabels(db);
      assert.equal(r.facesLabelled, 1, `${path.basename(file)}: ${JSON.stringify(r.unmatched)}`);
      assert.deepEqual(r.unmatched, []);
      const named = db
        .prepare(`SELECT f.id, pe.name FROM faces f JOIN people pe ON pe.id = f.person_id WHERE f.assigned_by = 'user'`)
        .all();
      assert.deepEqual(named, [{ id: faces[0], name: 'Ada' }], 'the name lands on the face the region covers');
      db.close();
    }
  });

  test(`orientation ${o}: xmp write puts the region on the face in the stored frame, keeping the embedded ones`, async () => {
    const dir = tempDir();
    const file = path.join(dir, `write-${o}.jpg`);
    await photo(file, o, storedFrameXmp('Ada', ADA)); // a profile face Facet may never match stays named
    const { db, faces } = seed(dir, file, o);
    label(db, faces[1], addPerson(db, 'Grace'));
    assert.equal(writeXmpLabels(db).sidecarsWritten, 1);
    db.close();
    const r = readFaceRegions(fs.readFileSync(file + '.xmp', 'utf8'));
    assert.deepEqual(r.appliedTo, { w: W, h: H }, 'AppliedToDimensions of the stored image');
    const byName = new Map(r.faces.map((f) => [f.name, f.box]));
    assert.deepEqual([...byName.keys()].sort(), ['Ada', 'Grace'], 'the embedded region is carried into the sidecar');
    assert.ok(iou(byName.get('Grace')!, norm(GRACE)) > 0.8, JSON.stringify(byName.get('Grace')));
    assert.ok(iou(byName.get('Ada')!, norm(ADA)) > 0.99, 'the embedded region is untouched');
  });
}

const exiftool = spawnSync('exiftool', ['-ver'], { encoding: 'utf8' });
const noExiftool = exiftool.status === 0 ? false : 'exiftool is not installed (apt-get install libimage-exiftool-perl)';

test(
  'ExifTool reads what Facet wrote for photos turned 90° and 180°: the box lands on the face',
  { skip: noExiftool },
  async () => {
    for (const o of [3, 6, 8] as const) {
      const dir = tempDir();
      const file = path.join(dir, `exiftool-${o}.jpg`);
      await photo(file, o);
      const { db, faces } = seed(dir, file, o);
      label(db, faces[0], addPerson(db, 'Ada'));
      label(db, faces[1], addPerson(db, 'Grace'));
      writeXmpLabels(db);
      db.close();
      const out = spawnSync('exiftool', ['-j', '-n', '-struct', '-RegionInfo', '-Orientation', file, file + '.xmp'], {
        encoding: 'utf8',
      });
      assert.equal(out.status, 0, out.stderr);
      const valid = spawnSync('exiftool', ['-validate', '-warning', '-a', '-s3', file + '.xmp'], { encoding: 'utf8' });
      assert.equal(valid.stdout.trim(), 'OK', 'ExifTool finds nothing wrong with the sidecar Facet created');
      const [img, side] = JSON.parse(out.stdout) as [
        { Orientation: number },
        {
          RegionInfo: {
            AppliedToDimensions: { W: number; H: number };
            RegionList: {
              Name: string;
              Type: string;
              Area: { X: number; Y: number; W: number; H: number; Unit: string };
            }[];
          };
        },
      ];
      assert.equal(img.Orientation, o);
      // MWG 2.0 §5.9 as ExifTool documents it: areas are centre-based fractions of the image as stored, before
      // Orientation is applied; so the box must cover the block in the stored pixels.
      assert.deepEqual([side.RegionInfo.AppliedToDimensions.W, side.RegionInfo.AppliedToDimensions.H], [W, H]);
      for (const [name, block] of [
        ['Ada', ADA],
        ['Grace', GRACE],
      ] as const) {
        const a = side.RegionInfo.RegionList.find((r) => r.Name === name)!.Area;
        assert.equal(a.Unit, 'normalized');
        const box = { x: a.X - a.W / 2, y: a.Y - a.H / 2, w: a.W, h: a.H };
        assert.ok(iou(box, norm(block)) > 0.8, `orientation ${o}, ${name}: ${JSON.stringify(box)}`);
      }
    }
  },
);
