// Hostile and broken inputs against the real scanner (decode, walk, bookkeeping). Inference is replaced by a
// recording analyzer: what is under test is what reaches it and what the library records for each file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { openDatabase } from '../db/connection';
import { countPhotos, getPhotoByPath, listPhotoErrors } from '../db/photos-repo';
import { scanFolders } from '../library/scan';
import { writeHostileCorpus, writeHundredMegapixel } from './testing/hostile-corpus';
import { createRecordingAnalyzer } from './testing/recording-analyzer';
import { tempDir } from './testing/temp-dir';
import { exitCode, spawnTs } from './testing/spawn';
import sharp from 'sharp';

test('every hostile file gets its own outcome while the rest of the scan completes', async () => {
  const dir = tempDir();
  const root = path.join(dir, 'photos');
  fs.mkdirSync(root);
  const corpus = await writeHostileCorpus(root);
  const db = openDatabase(path.join(dir, 'library.db'));
  const analyzer = createRecordingAnalyzer();
  const summary = await scanFolders(db, [root], { analyzer });

  const errors = new Map(listPhotoErrors(db, { limit: 1000 }).items.map((e) => [e.path, e.error]));
  for (const entry of corpus) {
    const file = path.join(root, entry.name);
    const row = getPhotoByPath(db, file);
    const e = entry.expect;
    if (e.outcome === 'ignored') {
      assert.equal(row, undefined, `${entry.name} is not a photo of the library`);
    } else if (e.outcome === 'error') {
      assert.equal(row?.status, 'error', `${entry.name} is recorded as an error`);
      assert.match(errors.get(file)!, e.error, entry.name);
    } else {
      assert.equal(row?.status, 'done', `${entry.name}: ${row?.error}`);
      assert.deepEqual([row!.width, row!.height], [e.width, e.height], entry.name);
    }
  }
  const expectedDone = corpus.filter((c) => c.expect.outcome === 'done');
  assert.equal(summary.analysed, expectedDone.length);
  assert.equal(summary.errors, corpus.filter((c) => c.expect.outcome === 'error').length);
  // Whatever the source (CMYK, 16-bit, alpha, animated), the analyzer gets 8-bit RGB of the first frame.
  for (const s of analyzer.seen) assert.equal(s.bytes, s.width * s.height * 3);
  for (const c of expectedDone) {
    const e = c.expect as { width: number; height: number; colour?: readonly number[] };
    if (!e.colour) continue;
    const seen = analyzer.seen.filter((s) => s.width === e.width && s.height === e.height);
    assert.ok(
      seen.some((s) => s.mean.every((v, k) => Math.abs(v - e.colour![k]) < 40)),
      `${c.name}: expected colour ${e.colour}, analyzer saw ${JSON.stringify(seen.map((s) => s.mean))}`,
    );
  }
  // A second scan retries nothing that has not changed.
  const again = createRecordingAnalyzer();
  const s2 = await scanFolders(db, [root], { analyzer: again });
  assert.equal(again.seen.length, 0);
  assert.equal(s2.unchanged, corpus.filter((c) => c.expect.outcome !== 'ignored').length);
  db.close();
});

test('a 100-megapixel photo is analysed (shrunk on load), within bounded memory', async () => {
  const dir = tempDir();
  const huge = path.join(dir, 'huge');
  const small = path.join(dir, 'small');
  fs.mkdirSync(huge);
  fs.mkdirSync(small);
  await writeHundredMegapixel(path.join(huge, 'huge.jpg'));
  fs.writeFileSync(
    path.join(small, 'small.jpg'),
    await sharp({ create: { width: 64, height: 64, channels: 3, background: '#888' } })
      .jpeg()
      .toBuffer(),
  );
  // Each scan in its own process, so that peak memory is the scan's (and not the test's image generation).
  const scanIn = async (folder: string) => {
    const child = spawnTs('core/safety/testing/scan-child.ts', [path.join(dir, `${path.basename(folder)}.db`), folder]);
    let out = '';
    child.stdout!.on('data', (d: Buffer) => (out += d));
    assert.equal(await exitCode(child), 0);
    return JSON.parse(out) as { analysed: number; seen: { width: number; height: number }[]; maxRssMiB: number };
  };
  const [h, s] = await Promise.all([scanIn(huge), scanIn(small)]);
  assert.equal(h.analysed, 1);
  assert.deepEqual(
    h.seen.map((x) => [x.width, x.height]),
    [[1024, 1024]],
  );
  const db = openDatabase(path.join(dir, 'huge.db'));
  const row = getPhotoByPath(db, path.join(huge, 'huge.jpg'))!;
  db.close();
  assert.deepEqual([row.status, row.width, row.height], ['done', 10_000, 10_000]);
  // A full-size RGB decode alone would be 286 MiB more than scanning a small photo.
  const extra = h.maxRssMiB - s.maxRssMiB;
  assert.ok(extra < 150, `the 100 MP photo took ${extra.toFixed(0)} MiB more peak memory than a small one`);
});

test('a file that vanishes or changes between the walk and its analysis is handled, and the next scan settles it', async () => {
  const dir = tempDir();
  const root = path.join(dir, 'photos');
  fs.mkdirSync(root);
  const corpus = await writeHostileCorpus(root);
  const good = fs.readFileSync(path.join(root, 'good.jpg'));
  fs.writeFileSync(path.join(root, 'zz-vanishes.jpg'), good);
  fs.writeFileSync(path.join(root, 'zz-changes.jpg'), good);
  const db = openDatabase(path.join(dir, 'library.db'));
  let struck = false;
  const s1 = await scanFolders(db, [root], {
    analyzer: createRecordingAnalyzer(),
    decodeAhead: 1,
    onProgress: (p) => {
      // The walk is over and nothing is decoded yet: the files change under the scanner's feet.
      if (p.phase !== 'analysing' || struck) return;
      struck = true;
      fs.rmSync(path.join(root, 'zz-vanishes.jpg'));
      fs.writeFileSync(path.join(root, 'zz-changes.jpg'), fs.readFileSync(path.join(root, 'cmyk.jpg')));
    },
  });
  assert.ok(struck);
  const vanished = getPhotoByPath(db, path.join(root, 'zz-vanishes.jpg'));
  assert.equal(vanished?.status, 'error');
  assert.match(vanished!.error!, /^unreadable: /);
  const changed = getPhotoByPath(db, path.join(root, 'zz-changes.jpg'))!;
  assert.equal(changed.status, 'done');
  assert.deepEqual([changed.width, changed.height], [300, 200], 'what was analysed is the new content');
  assert.ok(s1.analysed >= corpus.filter((c) => c.expect.outcome === 'done').length);

  const again = createRecordingAnalyzer();
  const s2 = await scanFolders(db, [root], { analyzer: again });
  assert.equal(getPhotoByPath(db, path.join(root, 'zz-vanishes.jpg')), undefined, 'the vanished file is forgotten');
  assert.equal(s2.removed, 1);
  // The changed file's size/mtime differ from those the walk saw: it is checked once more, then settled.
  assert.equal(again.seen.length, 1);
  const s3 = await scanFolders(db, [root], { analyzer: createRecordingAnalyzer() });
  assert.equal(s3.analysed, 0);
  const dupes = db.prepare('SELECT path, count(*) AS n FROM photos GROUP BY path HAVING n > 1').all();
  assert.deepEqual(dupes, []);
  assert.equal(countPhotos(db).pending, 0);
  db.close();
});

test('an unreadable file and folder are errors for themselves only', async (t) => {
  if (process.getuid?.() === 0) {
    t.skip('running as root: chmod 000 does not stop root from reading, so this case cannot be tested here');
    return;
  }
  const dir = tempDir();
  const root = path.join(dir, 'photos');
  fs.mkdirSync(path.join(root, 'locked'), { recursive: true });
  const corpus = await writeHostileCorpus(root);
  void corpus;
  fs.copyFileSync(path.join(root, 'good.jpg'), path.join(root, 'locked', 'inside.jpg'));
  fs.copyFileSync(path.join(root, 'good.jpg'), path.join(root, 'unreadable.jpg'));
  fs.chmodSync(path.join(root, 'unreadable.jpg'), 0o000);
  fs.chmodSync(path.join(root, 'locked'), 0o000);
  const db = openDatabase(path.join(dir, 'library.db'));
  try {
    const s = await scanFolders(db, [root], { analyzer: createRecordingAnalyzer() });
    assert.match(getPhotoByPath(db, path.join(root, 'unreadable.jpg'))!.error!, /^unreadable: .*permission denied/);
    assert.match(s.folders[0].unreadable[0].reason, /permission denied/);
    assert.equal(getPhotoByPath(db, path.join(root, 'good.jpg'))!.status, 'done');
  } finally {
    fs.chmodSync(path.join(root, 'locked'), 0o755);
    fs.chmodSync(path.join(root, 'unreadable.jpg'), 0o644);
    db.close();
  }
});
