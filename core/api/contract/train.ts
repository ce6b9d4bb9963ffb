import { z } from 'zod';
import { noArgs, rowId } from './common';

export interface ModelMetrics {
  readonly valBefore: number | null;
  readonly valAfter: number | null;
  readonly aucBefore: number | null;
  readonly aucAfter: number | null;
  /** The FAR the VAL figures are taken at. */
  readonly far: number | null;
}

export interface ModelVersion {
  readonly id: number;
  readonly name: string;
  readonly createdAt: number;
  readonly active: boolean;
  readonly threshold: number | null;
  readonly metrics: ModelMetrics;
}

export const trainOps = {
  /** Fine-tunes on the user's labels as a job; the version is activated only if it passes the gates. */
  'train.start': noArgs,
  'train.list': noArgs,
  'train.activate': z.strictObject({ modelId: rowId }),
  /** Deactivates the active adapter: matching returns to the backbone space. */
  'train.rollback': noArgs,
};

export interface TrainResults {
  'train.start': { jobId: string };
  'train.list': ModelVersion[];
  'train.activate': { active: number };
  'train.rollback': { active: number | null };
}
