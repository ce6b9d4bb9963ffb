import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { JobInfo } from './contract';
import { EventBus } from './event-bus';
import { JobRunner } from './job-runner';

const tick = (ms = 5) => new Promise((r) => setTimeout(r, ms));

function runner() {
  const events = new EventBus();
  const seen: JobInfo[] = [];
  events.on('job', (j) => seen.push(j));
  return { jobs: new JobRunner(events), seen };
}

test('a job reports progress and ends done with its message', async () => {
  const { jobs, seen } = runner();
  const job = jobs.start('map', 'Map', async (ctx) => {
    ctx.progress(1, 2);
    await tick(120);
    ctx.progress(2, 2);
    return 'all drawn';
  });
  assert.equal(job.state, 'running');
  await jobs.whenIdle(2000);
  const last = seen.at(-1)!;
  assert.equal(last.state, 'done');
  assert.equal(last.message, 'all drawn');
  assert.equal(last.done, 2);
  assert.ok(
    seen.some((j) => j.done === 1),
    'intermediate progress was sent',
  );
});

test('cancel aborts the work and the job ends cancelled; a failure ends failed with the reason', async () => {
  const { jobs, seen } = runner();
  const job = jobs.start('scan', 'Scan', async (ctx) => {
    while (!ctx.signal.aborted) await tick();
    throw new Error('stopped');
  });
  await tick(20);
  assert.equal(jobs.cancel(job.id), true);
  await jobs.whenIdle(2000);
  assert.equal(seen.at(-1)!.state, 'cancelled');
  assert.equal(jobs.cancel(job.id), false, 'a finished job cannot be cancelled');

  jobs.start('train', 'Train', async () => {
    throw new Error('not enough labels');
  });
  await jobs.whenIdle(2000);
  const failed = seen.at(-1)!;
  assert.equal(failed.state, 'failed');
  assert.equal(failed.error, 'not enough labels');
});

test('one job of a kind at a time; other kinds run alongside', async () => {
  const { jobs } = runner();
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  jobs.start('scan', 'Scan', () => gate);
  assert.throws(() => jobs.start('scan', 'Scan again', async () => undefined), /already running/);
  jobs.start('map', 'Map', async () => undefined);
  release();
  await jobs.whenIdle(2000);
  assert.deepEqual(
    jobs.list().map((j) => j.state),
    ['done', 'done'],
  );
});

test('training keeps its live loss curve', async () => {
  const { jobs, seen } = runner();
  jobs.start('train', 'Train', async (ctx) => {
    ctx.loss([0.5, 0.4]);
    ctx.loss([0.3]);
  });
  await jobs.whenIdle(2000);
  assert.deepEqual(seen.at(-1)!.loss, [0.5, 0.4, 0.3]);
});
