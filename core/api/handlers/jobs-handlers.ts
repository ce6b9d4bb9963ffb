import type { HandlersFor } from '../handler';

export const jobsHandlers: HandlersFor<'jobs.list' | 'jobs.cancel'> = {
  'jobs.list': (_args, ctx) => ctx.jobs.list(),
  'jobs.cancel': ({ jobId }, ctx) => ({ cancelled: ctx.jobs.cancel(jobId) }),
};
