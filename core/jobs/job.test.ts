import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startJob, type JobSnapshot } from './job';
import { formatDuration, formatProgress } from './terminal-progress';

test('a job reports progress and ends with success and its result', async () => {
  const seen: JobSnapshot[] = [];
  const job = startJob('demo', async (ctx) => {
    for (let i = 1; i <= 3; i++) ctx.report({ done: i, total: 3, message: `step ${i}` });
    return 'ok';
  });
  job.onUpdate((s) => seen.push(s));
  const outcome = await job.finished;
  assert.deepEqual(outcome, { status: 'success', result: 'ok' });
  assert.deepEqual(
    seen.map((s) => [s.done, s.total, s.status]),
    [
      [1, 3, 'running'],
      [2, 3, 'running'],
      [3, 3, 'running'],
      [3, 3, 'success'],
    ],
  );
  assert.equal(job.snapshot().message, 'step 3');
  assert.ok(job.snapshot().endedAt !== null);
});

test('cancel aborts the signal and the job ends cancelled, with its partial result', async () => {
  const job = startJob('demo', async (ctx) => {
    let done = 0;
    while (!ctx.signal.aborted && done < 1000) {
      await new Promise((r) => setTimeout(r, 1));
      ctx.report({ done: ++done, total: 1000 });
    }
    return done;
  });
  setTimeout(() => job.cancel(), 20);
  const outcome = await job.finished;
  assert.equal(outcome.status, 'cancelled');
  assert.ok(outcome.status === 'cancelled' && outcome.result !== null && outcome.result < 1000);
  assert.equal(job.snapshot().status, 'cancelled');
});

test('a throwing job ends failed with the error message, without throwing to the caller', async () => {
  const job = startJob('demo', async () => {
    throw new Error('disk full');
  });
  const outcome = await job.finished;
  assert.equal(outcome.status, 'failed');
  assert.equal(job.snapshot().error, 'disk full');
});

test('the progress line shows done/total, detail, rate and ETA', () => {
  assert.equal(
    formatProgress({ done: 5, total: 10, detail: '7 faces', rate: 2.5, etaSeconds: 2 }, 'photos', 10),
    '[#####-----] 5/10 photos  7 faces  2.5 photos/s  ETA 2s',
  );
  assert.equal(formatDuration(3725), '1h02m');
  assert.equal(formatDuration(75), '1m15s');
});
