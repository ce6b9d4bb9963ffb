import { z } from 'zod';
import { noArgs } from './common';

export type JobKind = 'scan' | 'cluster' | 'map' | 'train';
export type JobState = 'running' | 'done' | 'failed' | 'cancelled';

/** A long piece of work as the UI sees it. `done`/`total` are in the job's own units (photos, epochs...). */
export interface JobInfo {
  readonly id: string;
  readonly kind: JobKind;
  readonly state: JobState;
  readonly label: string;
  readonly done: number;
  readonly total: number;
  /** Units per second over the job so far; null until measurable. */
  readonly rate: number | null;
  readonly etaSeconds: number | null;
  readonly message: string;
  readonly startedAt: number;
  readonly endedAt: number | null;
  readonly error: string | null;
  /** Training only: the loss after each step so far (the live loss curve). */
  readonly loss?: readonly number[];
}

export const jobOps = {
  'jobs.list': noArgs,
  'jobs.cancel': z.strictObject({ jobId: z.string().min(1).max(64) }),
};

export interface JobResults {
  'jobs.list': JobInfo[];
  'jobs.cancel': { cancelled: boolean };
}
