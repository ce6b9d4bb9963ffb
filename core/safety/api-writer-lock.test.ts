// API operations write under the same writer lock as the CLI: the app's engine worker and `facet serve` hold it
// for their life, taken through one helper, so an API write cannot run while another process holds the library.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { EngineClient } from '../../electron/engine-client';
import { spawnTsWorker } from '../../electron/testing/spawn-ts-worker';
import { exitCode, REPO_ROOT, runFacet, spawnTs, waitForOutput } from './testing/spawn';
import { tempDir } from './testing/temp-dir';

const CHILD = 'core/safety/testing/lock-child.ts';
const WORKER = path.join(REPO_ROOT, 'electron', 'engine-worker.ts');

function bytes(file: string): string {
  return fs.existsSync(file) ? createHash('sha256').update(fs.readFileSync(file)).digest('hex') : 'absent';
}

async function holdLibrary(file: string) {
  const holder = spawnTs(CHILD, [file, 'holder', '0', '0', 'hold']);
  await waitForOutput(holder, 'written');
  return {
    pid: holder.pid!,
    async release() {
      holder.stdin!.end();
      await exitCode(holder);
    },
  };
}

test('the app cannot write while another process holds the library, and says who does', async () => {
  const file = path.join(tempDir(), 'library.db');
  const holder = await holdLibrary(file);
  const before = bytes(file);
  let client: EngineClient | undefined;
  try {
    client = new EngineClient(() => spawnTsWorker(WORKER, { dbPath: file }));
    const write = await client.call('people.create', { faceIds: [1] });
    assert.ok(!write.ok, 'an API write ran while another process held the library');
    assert.equal(write.error.code, 'unavailable');
    assert.match(write.error.message, new RegExp(`busy; Facet process ${holder.pid} .*test writer holder`));
    assert.equal(bytes(file), before, 'the library was written');
  } finally {
    await client?.close();
    await holder.release();
  }

  // Free again: the app opens it, and now holds it against the CLI's writers (the same lock).
  client = new EngineClient(() => spawnTsWorker(WORKER, { dbPath: file }));
  try {
    const status = await client.call('library.status', {});
    assert.ok(status.ok, JSON.stringify(status));
    const undo = runFacet(['undo', '--db', file]);
    assert.equal(undo.status, 1, undo.stdout);
    assert.match(undo.stderr, /busy; .*the Facet app/);
  } finally {
    await client.close();
  }
});

test('facet serve refuses to start while another process holds the library, naming it, and writes nothing', async () => {
  const file = path.join(tempDir(), 'library.db');
  const holder = await holdLibrary(file);
  try {
    const before = bytes(file);
    const r = runFacet(['serve', '--db', file, '--no-open']);
    assert.equal(r.status, 1);
    assert.match(r.stderr, new RegExp(`cannot facet serve: .* busy; Facet process ${holder.pid} .*test writer holder`));
    assert.equal(bytes(file), before);
  } finally {
    await holder.release();
  }
});
