import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { main } from '../main';

const DEV = path.resolve(__dirname, '../../../../shared/faces/dev');
const PEOPLE = ['barack_obama', 'elon_musk', 'jeff_bezos', 'katy_perry', 'matt_damon', 'scarlett_johansson'];

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

describe('facet eval naming', () => {
  it(
    'names half the people from their first photos, scans the rest as new, and scores every photo once per split',
    { skip: fs.existsSync(DEV) ? false : `labelled photos not found at ${DEV} (../shared is absent)` },
    async (t) => {
      // six people's photos, linked (not copied) from the shared dev set
      const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'facet-eval-naming-'));
      t.after(() => fs.rmSync(tmp, { recursive: true, force: true }));
      const root = path.join(tmp, 'root');
      for (const person of PEOPLE) {
        fs.mkdirSync(path.join(root, person), { recursive: true });
        for (const file of fs.readdirSync(path.join(DEV, person)).sort())
          fs.symlinkSync(path.join(DEV, person, file), path.join(root, person, file));
      }
      const db = path.join(tmp, 'eval.db');
      const r = await stdoutOf(['eval', 'naming', root, '--db', db, '--json', '--splits', '3']);
      assert.equal(r.code, 0);
      const report = JSON.parse(r.out);
      assert.equal(report.identities, 6);
      assert.equal(report.rule, 'calibrated');
      assert.equal(report.before.splits.length, 3);
      for (const s of report.before.splits) {
        assert.equal(s.namedPeople, 3);
        // every photo is either named by the user, a new photo of a named person, or a stranger's
        assert.equal(s.namedFaces + s.newPhotos + s.strangerPhotos, report.photos);
        assert.equal(s.right + s.wrong <= s.newPhotos, true);
        // sharp photos of six well-known, unrelated people: the new photos are named right, no stranger is named
        assert.equal(s.wrong, 0);
        assert.ok(s.recall >= 0.75, `recall ${s.recall}`);
        assert.equal(s.strangersNamed, 0);
      }
      const totals = report.before.summary.totals;
      assert.equal(
        totals.newPhotos,
        report.before.splits.reduce((a: number, s: { newPhotos: number }) => a + s.newPhotos, 0),
      );
      // the scan library itself is not labelled by the evaluation (each split works on a copy)
      const check = await stdoutOf(['people', '--db', db, '--json']);
      assert.equal(check.code, 0);
      assert.deepEqual(
        JSON.parse(check.out).people.filter((p: { name: string | null }) => p.name !== null),
        [],
      );
    },
  );

  it('rejects a bad --rule or --splits with a clear message', async () => {
    assert.equal(await main(['eval', 'naming', '/nonexistent', '--rule', 'magic']), 2);
    assert.equal(await main(['eval', 'naming', '/nonexistent', '--splits', '0']), 2);
  });
});
