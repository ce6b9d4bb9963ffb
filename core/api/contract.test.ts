import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { openDatabase } from '../db/connection';
import { createApiContext } from './api-context';
import { dispatch } from './dispatch';
import { HANDLERS } from './handlers';
import { OPERATIONS, OP_NAMES, type OpName } from './contract';

const noAnalyzer = () => Promise.reject(new Error('no analyzer in this test'));

function ctx() {
  return createApiContext(openDatabase(':memory:'), noAnalyzer);
}

test('every operation of the contract has exactly one handler, and no handler is outside the contract', () => {
  assert.deepEqual(Object.keys(HANDLERS).sort(), [...OP_NAMES].sort());
  // Each view's essentials are in the contract (a rename of one would break the UI and its transports).
  for (const op of [
    'library.addFolder',
    'jobs.cancel',
    'people.merge',
    'people.undo',
    'unsorted.accept',
    'verify.previewThreshold',
    'map.compute',
    'train.rollback',
  ])
    assert.ok((OP_NAMES as string[]).includes(op), op);
});

test('every operation rejects arguments it does not know, before any handler runs', async () => {
  const c = ctx();
  for (const op of OP_NAMES) {
    const r = await dispatch(c, op, { definitelyNotAnArgument: 1 });
    assert.equal(r.ok, false, op);
    if (!r.ok) assert.equal(r.error.code, 'invalid_args', `${op}: ${r.error.message}`);
  }
});

test('every operation rejects a non-object argument', async () => {
  const c = ctx();
  for (const op of OP_NAMES) {
    for (const bad of [42, 'x', [1, 2], true]) {
      const r = await dispatch(c, op, bad);
      assert.equal(r.ok, false, `${op} accepted ${JSON.stringify(bad)}`);
      if (!r.ok) assert.equal(r.error.code, 'invalid_args');
    }
  }
});

test('operations with required arguments refuse to run without them and say which is missing', async () => {
  const c = ctx();
  const required = OP_NAMES.filter((op) => !OPERATIONS[op].safeParse({}).success);
  assert.ok(required.includes('people.rename') && required.includes('verify.pair'));
  for (const op of required) {
    const r = await dispatch(c, op, {});
    assert.equal(r.ok, false, op);
    if (!r.ok) {
      assert.equal(r.error.code, 'invalid_args');
      assert.ok(r.error.issues?.length, `${op} names no argument`);
    }
  }
});

test('ids must be positive whole numbers; names must not be blank', async () => {
  const c = ctx();
  for (const personId of [0, -3, 1.5, '7', null, Number.MAX_SAFE_INTEGER + 2]) {
    const r = await dispatch(c, 'people.get', { personId });
    assert.equal(r.ok, false);
    if (!r.ok) assert.equal(r.error.code, 'invalid_args', `personId ${String(personId)}`);
  }
  const blank = await dispatch(c, 'people.rename', { personId: 1, name: '   ' });
  assert.ok(!blank.ok && blank.error.code === 'invalid_args' && blank.error.issues?.[0].path === 'name');
  const merge = await dispatch(c, 'people.merge', { personIds: [1] });
  assert.ok(!merge.ok && merge.error.code === 'invalid_args');
  const far = await dispatch(c, 'verify.applyThreshold', { threshold: 9 });
  assert.ok(!far.ok && far.error.code === 'invalid_args');
  // The store's own rule, (0, 2]: 3 used to pass the schema and fail inside as an internal error.
  for (const threshold of [0, 3]) {
    const r = await dispatch(c, 'verify.previewThreshold', { threshold });
    assert.ok(!r.ok && r.error.code === 'invalid_args', `threshold ${threshold}`);
  }
});

test('an unknown operation is an unknown_op envelope, not an exception', async () => {
  const c = ctx();
  for (const op of ['nope', '__proto__', 'constructor', 'toString', 'library.status/../x']) {
    const r = await dispatch(c, op, {});
    assert.ok(!r.ok && r.error.code === 'unknown_op', op);
  }
});

test('valid calls on an empty library answer with values, and missing rows are not_found', async () => {
  const c = ctx();
  const status = await dispatch(c, 'library.status', {});
  assert.ok(status.ok);
  assert.deepEqual((status as { value: { photos: number; folders: unknown[] } }).value.photos, 0);
  const people = await dispatch(c, 'people.list', {});
  assert.ok(people.ok && Array.isArray(people.value) && people.value.length === 0);
  const missing = await dispatch(c, 'people.get', { personId: 99 });
  assert.ok(!missing.ok && missing.error.code === 'not_found');
  const photo = await dispatch(c, 'photos.get', { photoId: 5 });
  assert.ok(!photo.ok && photo.error.code === 'not_found');
  const folder = await dispatch(c, 'library.addFolder', { path: '/definitely/not/here' });
  assert.ok(!folder.ok && folder.error.code === 'not_found');
  const relative = await dispatch(c, 'library.addFolder', { path: 'photos' });
  assert.ok(!relative.ok && relative.error.code === 'invalid_args');
  const scan = await dispatch(c, 'library.scan', {});
  assert.ok(!scan.ok && scan.error.code === 'conflict', 'scanning with no folders says to add one');
});

test('adding a folder: "~" is the home folder; a folder inside one already added is refused, not counted twice', async () => {
  const c = ctx();
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'facet-home-'));
  fs.mkdirSync(path.join(home, 'Pictures', 'Trips'), { recursive: true });
  const oldHome = process.env.HOME;
  process.env.HOME = home;
  try {
    const added = await dispatch(c, 'library.addFolder', { path: '~/Pictures', scan: false });
    assert.ok(added.ok, JSON.stringify(added));
    const inner = await dispatch(c, 'library.addFolder', { path: path.join(home, 'Pictures', 'Trips'), scan: false });
    assert.ok(!inner.ok && inner.error.code === 'conflict' && /already in the library/.test(inner.error.message));
    const status = await dispatch(c, 'library.status', {});
    assert.ok(status.ok);
    const folders = (status.value as { folders: { path: string }[] }).folders;
    assert.deepEqual(
      folders.map((f) => f.path),
      [fs.realpathSync(path.join(home, 'Pictures'))],
    );
  } finally {
    process.env.HOME = oldHome;
    fs.rmSync(home, { recursive: true, force: true });
  }
});

test('defaults are filled in by the schema, so handlers never see a missing optional', () => {
  const parsed = OPERATIONS['library.errors'].parse({});
  assert.deepEqual(parsed, { offset: 0, limit: 500 });
  const space = OPERATIONS['verify.stats'].parse({});
  assert.equal(space.space, 'backbone');
  const ops: OpName[] = OP_NAMES;
  assert.equal(new Set(ops).size, ops.length);
});
