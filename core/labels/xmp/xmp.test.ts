import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { openDatabase } from '../../db/connection';
import { scanFolders } from '../../library/scan';
import { createFakeAnalyzer } from '../../library/testing/fake-analyzer';
import { readFaceRegions } from './mwg-regions';
import { writeFaceRegions } from './region-writer';
const FIXTURES = path.join(__dirname, 'fixtures');
import { readEmbeddedXmp, sidecarCandidates } from './sidecar';
import { readXmpLabels } from './xmp-labels';
import { XmpSyntaxError } from './xml-tree';
import { addPerson, label, labelSnapshot, seedPhotos } from '../testing/seed-library';
import { runFacet } from '../../safety/testing/spawn';
import { tempDir } from '../../safety/testing/temp-dir';

// What digiKam (through exiv2) writes: struct fields as attributes of an rdf:Description inside each rdf:li.
const DIGIKAM_SIDECAR = `<?xml version="1.0" encoding="UTF-8"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/" x:xmptk="XMP Core 4.4.0-Exiv2">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:digiKam="http://www.digikam.org/ns/1.0/"
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:mwg-rs="http://www.metadataworkinggroup.com/schemas/regions/"
    xmlns:stDim="http://ns.adobe.com/xap/1.0/sType/Dimensions#"
    xmlns:stArea="http://ns.adobe.com/xmp/sType/Area#">
   <digiKam:TagsList>
    <rdf:Seq>
     <rdf:li>People/Ada Lovelace</rdf:li>
     <rdf:li>People/Zoë 张</rdf:li>
    </rdf:Seq>
   </digiKam:TagsList>
   <dc:subject><rdf:Bag><rdf:li>beach</rdf:li></rdf:Bag></dc:subject>
   <mwg-rs:Regions rdf:parseType="Resource">
    <mwg-rs:AppliedToDimensions stDim:w="4000" stDim:h="3000" stDim:unit="pixel"/>
    <mwg-rs:RegionList>
     <rdf:Bag>
      <rdf:li>
       <rdf:Description mwg-rs:Name="Ada Lovelace" mwg-rs:Type="Face">
        <mwg-rs:Area stArea:x="0.0625" stArea:y="0.116667" stArea:w="0.075" stArea:h="0.1" stArea:unit="normalized"/>
       </rdf:Description>
      </rdf:li>
      <rdf:li>
       <rdf:Description mwg-rs:Name="Zoë 张" mwg-rs:Type="Face">
        <mwg-rs:Area stArea:x="0.41" stArea:y="0.183333" stArea:w="0.07" stArea:h="0.1" stArea:unit="normalized"/>
       </rdf:Description>
      </rdf:li>
      <rdf:li>
       <rdf:Description mwg-rs:Name="Rex" mwg-rs:Type="Pet">
        <mwg-rs:Area stArea:x="0.8" stArea:y="0.8" stArea:w="0.1" stArea:h="0.1" stArea:unit="normalized"/>
       </rdf:Description>
      </rdf:li>
     </rdf:Bag>
    </mwg-rs:RegionList>
   </mwg-rs:Regions>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
`;

// Another writer's shape: other prefixes, parseType="Resource" items and fields as child elements.
const OTHER_SHAPE = `<x:xmpmeta xmlns:x="adobe:ns:meta/"><r:RDF xmlns:r="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<r:Description r:about="" xmlns:reg="http://www.metadataworkinggroup.com/schemas/regions/"
  xmlns:a="http://ns.adobe.com/xmp/sType/Area#">
<reg:Regions r:parseType="Resource"><reg:RegionList><r:Bag>
<r:li r:parseType="Resource"><reg:Type>Face</reg:Type><reg:Name>Grace</reg:Name>
<reg:Area r:parseType="Resource"><a:x>0.5</a:x><a:y>0.5</a:y><a:w>0.2</a:w><a:h>0.4</a:h><a:unit>normalized</a:unit></reg:Area></r:li>
<r:li r:parseType="Resource"><reg:Type>Face</reg:Type><reg:Area a:x="0.1" a:y="0.1" a:w="0.1" a:h="0.1" a:unit="normalized"/></r:li>
</r:Bag></reg:RegionList></reg:Regions></r:Description></r:RDF></x:xmpmeta>`;

const near = (a: number, b: number) => Math.abs(a - b) < 1e-5;

test('a hand-written digiKam sidecar is read: named faces, centre-based areas, pets ignored', () => {
  const r = readFaceRegions(DIGIKAM_SIDECAR);
  assert.deepEqual(r.appliedTo, { w: 4000, h: 3000 });
  assert.deepEqual(
    r.faces.map((f) => f.name),
    ['Ada Lovelace', 'Zoë 张'],
  );
  const ada = r.faces[0].box;
  assert.ok(near(ada.x, 0.025) && near(ada.y, 0.066667) && near(ada.w, 0.075) && near(ada.h, 0.1), JSON.stringify(ada));
});

test('other prefixes and the element form of fields read the same; an unnamed face region has name null', () => {
  const r = readFaceRegions(OTHER_SHAPE);
  assert.equal(r.faces.length, 2);
  assert.equal(r.faces[0].name, 'Grace');
  assert.ok(near(r.faces[0].box.x, 0.4) && near(r.faces[0].box.y, 0.3) && near(r.faces[0].box.h, 0.4));
  assert.equal(r.faces[1].name, null);
});

test('regions Facet writes read back identically', () => {
  const faces = [
    { name: 'Ada & "Bob" <3', box: { x: 0.1, y: 0.2, w: 0.15, h: 0.2 } },
    { name: 'Zoë 张', box: { x: 0.6, y: 0.05, w: 0.1, h: 0.125 } },
  ];
  const text = writeFaceRegions(null, faces, { w: 1200, h: 800 });
  const back = readFaceRegions(text);
  assert.deepEqual(back.appliedTo, { w: 1200, h: 800 });
  assert.equal(back.faces.length, 2);
  back.faces.forEach((f, i) => {
    assert.equal(f.name, faces[i].name);
    for (const k of ['x', 'y', 'w', 'h'] as const) assert.ok(near(f.box[k], faces[i].box[k]), `${k}`);
  });
});

test('writing into an existing sidecar keeps everything else in it', () => {
  const ours = [{ name: 'Ada L.', box: { x: 0.025, y: 0.066667, w: 0.075, h: 0.1 } }];
  const text = writeFaceRegions(DIGIKAM_SIDECAR, ours, { w: 4000, h: 3000 });
  const r = readFaceRegions(text);
  assert.deepEqual(r.faces.map((f) => f.name).sort(), ['Ada L.', 'Zoë 张'], 'the overlapping region is replaced');
  assert.match(text, /People\/Ada Lovelace/, 'digiKam tags kept');
  assert.match(text, /<rdf:li>beach<\/rdf:li>/, 'dc:subject kept');
  assert.match(text, /mwg-rs:Type="Pet"/, 'the pet region kept');
  // Writing the same again is stable (no duplicate regions).
  assert.equal(readFaceRegions(writeFaceRegions(text, ours, { w: 4000, h: 3000 })).faces.length, 2);
});

test('broken and hostile XMP is refused with a clear error', () => {
  assert.throws(() => readFaceRegions('<x:xmpmeta><rdf:RDF></x:xmpmeta>'), XmpSyntaxError);
  const bomb = `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]><x>&b;</x>`;
  assert.throws(() => readFaceRegions(bomb), /DOCTYPE/);
});

test('XMP embedded in a JPEG is found without decoding the image', async () => {
  const dir = tempDir();
  const file = path.join(dir, 'embedded.jpg');
  await sharp({ create: { width: 64, height: 48, channels: 3, background: '#808080' } })
    .jpeg()
    .withXmp(writeFaceRegions(null, [{ name: 'Grace', box: { x: 0.25, y: 0.25, w: 0.5, h: 0.5 } }], { w: 64, h: 48 }))
    .toFile(file);
  const xmp = readEmbeddedXmp(file);
  assert.ok(xmp);
  assert.deepEqual(
    readFaceRegions(xmp!).faces.map((f) => f.name),
    ['Grace'],
  );
});

test('library round trip: sidecars -> labels (xmp read), labels -> sidecars (xmp write), originals untouched', () => {
  const dir = tempDir();
  const photoA = path.join(dir, 'beach one.jpg');
  const photoB = path.join(dir, 'broken.jpg');
  fs.writeFileSync(photoA, 'original bytes A');
  fs.writeFileSync(photoB, 'original bytes B');
  const dbFile = path.join(dir, 'library.db');
  const db = openDatabase(dbFile);
  const [facesA] = seedPhotos(db, dir, [
    {
      path: photoA,
      hash: 'a',
      width: 4000,
      height: 3000,
      boxes: [
        { x: 102, y: 196, w: 296, h: 302 },
        { x: 1500, y: 400, w: 280, h: 300 },
        { x: 2000, y: 2000, w: 100, h: 100 },
      ],
    },
    { path: photoB, hash: 'b', width: 100, height: 100, boxes: [{ x: 1, y: 1, w: 20, h: 20 }] },
  ]);
  fs.writeFileSync(photoA + '.xmp', DIGIKAM_SIDECAR);
  fs.writeFileSync(path.join(dir, 'broken.xmp'), '<x:xmpmeta><oops></x:xmpmeta>'); // Lightroom-style name
  const r = readXmpLabels(db);
  assert.equal(r.facesLabelled, 2);
  assert.equal(r.peopleCreated, 2);
  assert.equal(r.problems.length, 1);
  assert.match(r.problems[0].path, /broken\.xmp$/, 'the broken sidecar is named by its own path');
  assert.deepEqual(labelSnapshot(db), ['a#0 Ada Lovelace rejected=0 not=', 'a#1 Zoë 张 rejected=0 not=']);

  // The user names the third face in Facet; `xmp write --person` writes it beside digiKam's regions.
  const grace = addPerson(db, 'Grace');
  label(db, facesA[2], grace);
  db.close();
  const before = fs.readFileSync(photoA);
  const cli = runFacet(['xmp', 'write', '--db', dbFile, '--person', 'Grace']);
  assert.equal(cli.status, 0, cli.stderr);
  assert.match(cli.stdout, /wrote 1 named faces to 1 sidecars/);
  assert.deepEqual(fs.readFileSync(photoA), before, 'the photo itself is never written');
  const names = readFaceRegions(fs.readFileSync(photoA + '.xmp', 'utf8')).faces.map((f) => f.name);
  assert.deepEqual(names.sort(), ['Ada Lovelace', 'Grace', 'Zoë 张']);
  const nobody = runFacet(['xmp', 'write', '--db', dbFile, '--person', 'grace']);
  assert.equal(nobody.status, 1);
  assert.match(nobody.stderr, /nobody in the library is called "grace"/);
  assert.ok(!fs.readdirSync(dir).some((n) => n.includes('.tmp')), 'no temporary files left');

  // A fresh library built from the same photos gets every name back from the sidecars alone.
  const db2 = openDatabase(path.join(dir, 'fresh.db'));
  seedPhotos(db2, dir, [
    {
      path: photoA,
      hash: 'a',
      width: 4000,
      height: 3000,
      boxes: [
        { x: 100, y: 200, w: 300, h: 300 },
        { x: 1500, y: 400, w: 280, h: 300 },
        { x: 2000, y: 2000, w: 100, h: 100 },
      ],
    },
  ]);
  readXmpLabels(db2);
  assert.deepEqual(labelSnapshot(db2), [
    'a#0 Ada Lovelace rejected=0 not=',
    'a#1 Zoë 张 rejected=0 not=',
    'a#2 Grace rejected=0 not=',
  ]);
  db2.close();
  assert.equal(sidecarCandidates(photoA)[0], photoA + '.xmp');
});

test('a scan takes the names in new photos’ sidecars as user labels of the faces it finds', async () => {
  const dir = tempDir();
  const root = path.join(dir, 'photos');
  fs.mkdirSync(root);
  const photo = path.join(root, 'tagged in digikam.jpg');
  await sharp({ create: { width: 400, height: 300, channels: 3, background: '#a0a0a0' } })
    .jpeg()
    .toFile(photo);
  await sharp({ create: { width: 400, height: 300, channels: 3, background: '#505050' } })
    .jpeg()
    .toFile(path.join(root, 'untagged.jpg'));
  // The stand-in analyzer finds one face: the centre half of the image. digiKam's region for it:
  const region = writeFaceRegions(null, [{ name: 'Ada Lovelace', box: { x: 0.26, y: 0.24, w: 0.5, h: 0.52 } }], {
    w: 400,
    h: 300,
  });
  fs.writeFileSync(photo + '.xmp', region);
  const db = openDatabase(path.join(dir, 'library.db'));
  await scanFolders(db, [root], { analyzer: createFakeAnalyzer() });
  const rows = db
    .prepare(
      `SELECT p.path, f.assigned_by, pe.name FROM faces f JOIN photos p ON p.id = f.photo_id
       LEFT JOIN people pe ON pe.id = f.person_id ORDER BY p.path`,
    )
    .all() as { path: string; assigned_by: string | null; name: string | null }[];
  const tagged = rows.find((r) => r.path === photo)!;
  assert.deepEqual([tagged.assigned_by, tagged.name], ['user', 'Ada Lovelace']);
  const other = rows.find((r) => r.path !== photo)!;
  assert.notEqual(other.assigned_by, 'user', 'a photo without XMP gets no user label');
  db.close();
});
test('ExifTool’s region without unit or dimensions is reported, not silently dropped; its file is kept intact', () => {
  const text = fs.readFileSync(path.join(FIXTURES, 'exiftool-XMP5.xmp'), 'utf8');
  const r = readFaceRegions(text);
  assert.deepEqual(r.faces, []);
  assert.deepEqual(r.unreadable, [{ name: 'Region 1', reason: 'no unit or dimensions' }]);
});

/** True when `after` is `before` with text inserted in one or more places and nothing else changed. */
function onlyInserted(before: string, after: string): boolean {
  let i = 0;
  for (let j = 0; j < after.length && i < before.length; j++) if (after[j] === before[i]) i++;
  return i === before.length;
}

// darktable's shape: everything on one rdf:Description's attributes and children, a blank list item kept as is.
const DARKTABLE_SIDECAR = `<?xml version="1.0" encoding="UTF-8"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/" x:xmptk="XMP Core 4.4.0-Exiv2">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:exif="http://ns.adobe.com/exif/1.0/"
    xmlns:darktable="http://darktable.sf.net/"
    exif:DateTimeOriginal="2021:07:04 15:02:11"
    darktable:xmp_version="5">
   <darktable:masks_history>
    <rdf:Seq>
     <rdf:li> </rdf:li>
    </rdf:Seq>
   </darktable:masks_history>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
`;

test('writing adds to a sidecar without changing a byte of what was there (darktable’s blank list item included)', () => {
  const face = { name: 'Ada', box: { x: 0.2, y: 0.2, w: 0.1, h: 0.15 } };
  const once = writeFaceRegions(DARKTABLE_SIDECAR, [face], { w: 600, h: 400 });
  assert.ok(onlyInserted(DARKTABLE_SIDECAR, once), once);
  assert.match(once, /<rdf:li> <\/rdf:li>/);
  assert.deepEqual(
    readFaceRegions(once).faces.map((f) => f.name),
    ['Ada'],
  );
  assert.equal(writeFaceRegions(once, [face], { w: 600, h: 400 }), once, 'writing the same again changes nothing');
});

test('ExifTool’s XMP5 sample: a face is added beside its regions, everything else byte for byte', () => {
  const text = fs.readFileSync(path.join(FIXTURES, 'exiftool-XMP5.xmp'), 'utf8');
  const out = writeFaceRegions(text, [{ name: 'Ada', box: { x: 0.5, y: 0.5, w: 0.2, h: 0.2 } }], { w: 100, h: 80 });
  assert.ok(onlyInserted(text, out));
  assert.doesNotMatch(out, /AppliedToDimensions/, 'the unitless region keeps the meaning it had (no dimensions added)');
  const r = readFaceRegions(out);
  assert.deepEqual(
    r.faces.map((f) => f.name),
    ['Ada'],
  );
  assert.deepEqual(r.unreadable, [{ name: 'Region 1', reason: 'no unit or dimensions' }]);
});

test('a region another program named otherwise at the same place is renamed, keeping its own area', () => {
  const theirs = writeFaceRegions(null, [{ name: 'Unknown', box: { x: 0.1, y: 0.1, w: 0.2, h: 0.3 } }], { w: 4, h: 3 });
  const out = writeFaceRegions(theirs, [{ name: 'Grace', box: { x: 0.11, y: 0.1, w: 0.2, h: 0.28 } }], { w: 4, h: 3 });
  const r = readFaceRegions(out);
  assert.equal(r.faces.length, 1);
  assert.equal(r.faces[0].name, 'Grace');
  assert.ok(near(r.faces[0].box.x, 0.1) && near(r.faces[0].box.h, 0.3), 'the area is the other program’s');
});

test('facet xmp read: each unmatched named region with its reason, --json, a broken sidecar by its own path, exit 1, embedded regions still read', async () => {
  const dir = tempDir();
  const photo = path.join(dir, 'party.jpg');
  // The photo's own XMP names two faces; its sidecar (Lightroom's name for it) is broken.
  const embedded = writeFaceRegions(
    null,
    [
      { name: 'Ada', box: { x: 0.1, y: 0.1, w: 0.2, h: 0.3 } },
      { name: 'Bob', box: { x: 0.5, y: 0.1, w: 0.2, h: 0.3 } },
      { name: 'Cy', box: { x: 0.1, y: 0.6, w: 0.1, h: 0.1 } },
    ],
    { w: 400, h: 300 },
  ).replace('</rdf:Bag>', '<rdf:li rdf:parseType="Resource"><mwg-rs:Name>Dee</mwg-rs:Name></rdf:li></rdf:Bag>');
  await sharp({ create: { width: 400, height: 300, channels: 3, background: '#808080' } })
    .jpeg()
    .withXmp(embedded)
    .toFile(photo);
  const sidecar = path.join(dir, 'party.xmp');
  fs.writeFileSync(sidecar, '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF>');
  const dbFile = path.join(dir, 'library.db');
  const db = openDatabase(dbFile);
  // Detected: Ada's face exactly, one near Bob's region but too far off, nothing where Cy's region is.
  seedPhotos(db, dir, [
    {
      path: photo,
      hash: 'p',
      width: 400,
      height: 300,
      boxes: [
        { x: 40, y: 30, w: 80, h: 90 },
        { x: 240, y: 30, w: 80, h: 90 },
      ],
    },
  ]);
  db.close();
  const cli = runFacet(['xmp', 'read', '--db', dbFile]);
  assert.equal(cli.status, 1, 'a file that could not be read is an error');
  assert.match(cli.stdout, /1 faces labelled/);
  assert.match(
    cli.stdout,
    /"Bob": the nearest detected face is too far from the region \(overlap 0\.\d+, 0\.5 needed\)/,
  );
  assert.match(cli.stdout, /"Cy": no face was found there in the photo/);
  assert.match(cli.stdout, /"Dee": the region has no area/);
  assert.ok(cli.stderr.includes(`${sidecar}: not readable as XMP, so the photo's own regions were used`), cli.stderr);
  const json = runFacet(['xmp', 'read', '--db', dbFile, '--json']);
  assert.equal(json.status, 1);
  const r = JSON.parse(json.stdout);
  assert.deepEqual(
    r.unmatched.map((u: { name: string; reason: { kind: string } }) => [u.name, u.reason.kind]),
    [
      ['Dee', 'unreadable'],
      ['Bob', 'too far'],
      ['Cy', 'no face found'],
    ],
  );
  assert.equal(r.unmatched[1].photo, photo);
  assert.deepEqual(
    r.problems.map((p: { path: string }) => p.path),
    [sidecar],
  );
});

test('Lightroom 6.1’s regions (no stArea:unit) are read, from its sidecar and embedded in a resized JPEG', () => {
  const sidecar = readFaceRegions(fs.readFileSync(path.join(FIXTURES, 'lightroom-IMG_5910.xmp'), 'utf8'));
  assert.deepEqual(sidecar.appliedTo, { w: 1394, h: 930 });
  assert.deepEqual(
    sidecar.faces.map((f) => f.name),
    ['Alvin the Squirrel'],
  );
  const b = sidecar.faces[0].box;
  assert.ok(
    near(b.x, 0.57214 - 0.21731 / 2) && near(b.y, 0.42297 - 0.28108 / 2) && near(b.w, 0.21731),
    JSON.stringify(b),
  );
  const embedded = readEmbeddedXmp(path.join(FIXTURES, 'lightroom-issue-exifr-59.jpg'));
  const r = readFaceRegions(embedded!);
  assert.deepEqual(
    r.faces.map((f) => f.name),
    ['Alvin the Squirrel'],
  );
  assert.ok(near(r.faces[0].box.w, 0.39405) && near(r.faces[0].box.y, 0.58851 - 0.5527 / 2));
});

test('writing into Lightroom’s sidecar only inserts the new region; ExifTool’s validation finds nothing new', () => {
  const text = fs.readFileSync(path.join(FIXTURES, 'lightroom-IMG_5910.xmp'), 'utf8');
  const out = writeFaceRegions(text, [{ name: 'Ada', box: { x: 0.05, y: 0.05, w: 0.2, h: 0.25 } }], {
    w: 1394,
    h: 930,
  });
  assert.ok(onlyInserted(text, out));
  assert.deepEqual(
    readFaceRegions(out).faces.map((f) => f.name),
    ['Alvin the Squirrel', 'Ada'],
  );
  if (spawnSync('exiftool', ['-ver']).status !== 0) return; // the ExifTool tests say so where it is missing
  const validate = (t: string) => {
    const file = path.join(tempDir(), 'IMG_5910.xmp');
    fs.writeFileSync(file, t);
    return spawnSync('exiftool', ['-validate', '-warning', '-a', '-s3', file], { encoding: 'utf8' }).stdout;
  };
  // Lightroom's own file has one minor warning (an old MicrosoftPhoto namespace URI); Facet adds none.
  assert.equal(validate(out), validate(text));
});

test('a sidecar without regions takes the photo’s embedded ones before Facet adds its own (a reader preferring the sidecar loses none)', () => {
  const lightroomJpeg = readEmbeddedXmp(path.join(FIXTURES, 'lightroom-issue-exifr-59.jpg'))!;
  const face = { name: 'Ada', box: { x: 0.02, y: 0.02, w: 0.1, h: 0.15 } };
  const out = writeFaceRegions(DARKTABLE_SIDECAR, [face], { w: 150, h: 100 }, lightroomJpeg);
  assert.ok(onlyInserted(DARKTABLE_SIDECAR, out));
  assert.deepEqual(
    readFaceRegions(out).faces.map((f) => f.name),
    ['Alvin the Squirrel', 'Ada'],
  );
});
