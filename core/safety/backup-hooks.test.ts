// The risky automatic steps other modules run take a backup first (their one-line calls to backupBefore).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { openDatabase } from '../db/connection';
import { updatePeople } from '../people/update-people';
import { activateVersion } from '../train/train-service';
import { listBackups } from './backup';
import { tempDir } from './testing/temp-dir';

test('a forced re-cluster and a model activation each leave a backup of the library as it was', () => {
  const file = path.join(tempDir(), 'library.db');
  const db = openDatabase(file);
  db.prepare(`INSERT INTO people (name, created_at) VALUES ('kept in the backup', 0)`).run();
  updatePeople(db);
  assert.equal(listBackups(file).length, 0, 'an ordinary incremental update takes no backup');
  updatePeople(db, { force: true });
  activateVersion(db, null);
  db.close();
  const reasons = listBackups(file).map((b) => b.reason);
  assert.ok(reasons.includes('before-recluster'), reasons.join());
  assert.ok(reasons.includes('before-model-activation'), reasons.join());
  const backup = openDatabase(listBackups(file)[0].file, { readonly: true });
  assert.equal(backup.prepare('SELECT name FROM people').pluck().get(), 'kept in the backup');
  backup.close();
});
