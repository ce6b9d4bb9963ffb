import assert from 'node:assert/strict';
import BetterSqlite3 from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CHROMIUM, startSession, type Session } from './harness';

const skip = fs.existsSync(CHROMIUM) ? false : `Debian's Chromium is not installed at ${CHROMIUM}`;
const FACET = path.join(__dirname, '..', 'bin', 'facet.js');

function facet(args: string[], db: string): string {
  const r = spawnSync(process.execPath, [FACET, ...args, '--db', db], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`facet ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

/**
 * A labelled photo deleted outside Facet: the scan keeps it, marked missing, for its labels. The Library view
 * shows it as missing (count in the header, the photo with its labels) and forgets it only on the user's word,
 * through the same operation as `facet missing --forget` (backup first).
 */
describe('missing photos in the Library view', { skip, timeout: 300_000 }, () => {
  let s: Session;
  let dbFile = '';
  before(async () => {
    s = await startSession({
      seed: (db, photos) => {
        dbFile = db;
        facet(['scan', photos], db);
        const lib = new BetterSqlite3(db);
        const face = lib
          .prepare(`SELECT f.id FROM faces f JOIN photos p ON p.id = f.photo_id WHERE p.path LIKE '%sample2.jpg'`)
          .pluck()
          .get() as number;
        const person = lib.prepare(`INSERT INTO people (name, created_at) VALUES ('Ada Lovelace', 0)`).run();
        lib
          .prepare(`UPDATE faces SET person_id = ?, assigned_by = 'user' WHERE id = ?`)
          .run(person.lastInsertRowid, face);
        lib.close();
        fs.rmSync(path.join(photos, 'sample2.jpg'));
        facet(['scan', photos], db);
      },
    });
  });
  after(async () => {
    await s?.close();
  });

  test('the header counts it, the list names its labels, and Forget (confirmed) removes it with a backup', async () => {
    const { page } = s;
    await page.goto(s.url.replace(/#.*$/, '#/library'));
    const list = page.getByTestId('missing-photos');
    await list.waitFor();
    assert.match(await page.getByTestId('library-summary').innerText(), /· 1 missing from disk/);
    const item = list.locator('li');
    assert.equal(await item.count(), 1);
    assert.match(await item.innerText(), /sample2\.jpg — Ada Lovelace/);
    await s.shot('missing-photos');

    // Dismissing the confirmation forgets nothing.
    page.once('dialog', (d) => void d.dismiss());
    await list.getByRole('button', { name: 'Forget these photos' }).click();
    await page.waitForTimeout(300);
    assert.equal(await item.count(), 1);

    page.once('dialog', (d) => {
      assert.match(d.message(), /Forget 1 missing photo and the labels on them\? A backup/);
      void d.accept();
    });
    await list.getByRole('button', { name: 'Forget these photos' }).click();
    await list.waitFor({ state: 'detached' });
    assert.doesNotMatch(await page.getByTestId('library-summary').innerText(), /missing/);

    // What the CLI reads (read-only, while the app holds the library): gone, and a backup was taken first.
    const after = JSON.parse(facet(['missing', '--json'], dbFile)) as { photos: unknown[] };
    assert.deepEqual(after.photos, []);
    const backups = fs.readdirSync(path.join(path.dirname(dbFile), 'backups'));
    assert.ok(
      backups.some((b) => b.includes('forget-missing')),
      `a backup before forgetting: ${backups.join(', ')}`,
    );
  });
});
