import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { main } from '../main';

async function facetErr(...args: string[]): Promise<{ code: number; err: string }> {
  const lines: string[] = [];
  const error = console.error;
  console.error = (...x: unknown[]) => lines.push(x.join(' '));
  try {
    return { code: await main(args), err: lines.join('\n') };
  } finally {
    console.error = error;
  }
}

test('facet scan refuses a --min-score the analyser would refuse, before touching the library', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'facet-scan-options-'));
  const file = path.join(dir, 'library.db');
  try {
    // --min-score 1 used to be accepted and then mark every photo "analysis failed" (exit 1).
    for (const bad of [
      ['--min-score', '1'],
      ['--min-score', '-0.1'],
      ['--min-face-size', '-3'],
    ]) {
      const r = await facetErr('scan', '--db', file, ...bad, dir);
      assert.equal(r.code, 2, bad.join(' '));
      assert.match(r.err, new RegExp(`facet: ${bad[0]} must be`));
    }
    assert.equal(fs.existsSync(file), false, 'no library was created');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
