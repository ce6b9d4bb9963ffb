import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { main } from '../main';

const DEV = path.resolve(__dirname, '../../../../shared/faces/dev');
const PEOPLE = ['amy', 'howard', 'raj'];

async function stdoutOf(args: string[]): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  const log = console.log;
  console.log = (...a: unknown[]) => void lines.push(a.join(' '));
  try {
    return { code: await main(args), out: lines.join('\n') };
  } finally {
    console.log = log;
  }
}

describe('facet eval verify', () => {
  it(
    'scans a labelled folder and reports the figures as one JSON object',
    { skip: fs.existsSync(DEV) ? false : `labelled photos not found at ${DEV} (../shared is absent)` },
    async (t) => {
      // Three people x three photos, linked (not copied) from the shared dev set.
      const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'facet-eval-verify-'));
      t.after(() => fs.rmSync(tmp, { recursive: true, force: true }));
      const root = path.join(tmp, 'root');
      for (const person of PEOPLE) {
        fs.mkdirSync(path.join(root, person), { recursive: true });
        for (const file of fs.readdirSync(path.join(DEV, person)).sort().slice(0, 3))
          fs.symlinkSync(path.join(DEV, person, file), path.join(root, person, file));
      }
      const db = path.join(tmp, 'eval.db');
      const r = await stdoutOf(['eval', 'verify', root, '--db', db, '--json']);
      assert.equal(r.code, 0);
      const report = JSON.parse(r.out);
      for (const key of [
        'pairs',
        'auc',
        'bestAccuracy',
        'bestThreshold',
        'kfoldAccuracy',
        'valAtFar',
        'thresholdAtFar',
      ])
        assert.ok(key in report, `missing ${key}`);
      assert.ok(report.faces >= 7 && report.faces <= 9, `${report.faces} faces found in 9 face photos`);
      assert.equal(report.identities, 3);
      assert.equal(report.pairs.same + report.pairs.diff, (report.faces * (report.faces - 1)) / 2);
      // These three are easy for the 128-D descriptor: the same-person pairs are all closer than the others.
      assert.ok(report.auc > 0.95, `AUC ${report.auc}`);
      assert.ok(report.bestAccuracy >= 0.9);
      for (const k of ['1e-2', '1e-3']) {
        assert.ok(report.valAtFar[k] >= 0 && report.valAtFar[k] <= 1);
        assert.ok(report.thresholdAtFar[k] > 0 && report.thresholdAtFar[k] < 2);
      }
      // A second run reuses the scan (nothing to analyse) and gives the same figures.
      const again = await stdoutOf(['eval', 'verify', root, '--db', db, '--json']);
      assert.deepEqual(JSON.parse(again.out), report);
    },
  );

  it('says so when the folder does not exist', async (t) => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'facet-eval-verify-'));
    t.after(() => fs.rmSync(tmp, { recursive: true, force: true }));
    const err = console.error;
    const errors: string[] = [];
    console.error = (...a: unknown[]) => void errors.push(a.join(' '));
    try {
      const code = await main(['eval', 'verify', path.join(tmp, 'nope'), '--db', path.join(tmp, 'e.db')]);
      assert.equal(code, 1);
    } finally {
      console.error = err;
    }
    assert.match(errors.join('\n'), /nope/);
  });
});
