import { z } from 'zod';
import { matchThresholdSchema } from '../../space/threshold-range';
import { matchSpace, rowId } from './common';

export interface Histogram {
  /** Left edge of bin 0 and the bin width, in distance units. */
  readonly start: number;
  readonly width: number;
  readonly same: number[];
  readonly diff: number[];
}

export interface RocPoint {
  readonly far: number;
  readonly val: number;
  readonly threshold: number;
}

export interface OperatingPoint {
  readonly threshold: number;
  readonly val: number;
  readonly far: number;
  readonly ta: number;
  readonly fa: number;
}

export interface VerifyStats {
  readonly space: z.infer<typeof matchSpace>;
  /** Labelled faces and identities the statistics are over (named people only). */
  readonly faces: number;
  readonly identities: number;
  readonly samePairs: number;
  readonly diffPairs: number;
  /** True when different-person pairs were sampled rather than enumerated. */
  readonly sampled: boolean;
  readonly auc: number | null;
  readonly threshold: number;
  readonly atThreshold: OperatingPoint | null;
  readonly histogram: Histogram;
  readonly roc: RocPoint[];
}

export interface PairResult {
  readonly distance: number;
  readonly threshold: number;
  readonly samePerson: boolean;
  readonly space: z.infer<typeof matchSpace>;
}

export const verifyOps = {
  'verify.stats': z.strictObject({ space: matchSpace.default('backbone') }),
  'verify.pair': z.strictObject({ faceA: rowId, faceB: rowId, space: matchSpace.default('backbone') }),
  'verify.previewThreshold': z.strictObject({
    threshold: matchThresholdSchema,
    space: matchSpace.default('backbone'),
  }),
  'verify.applyThreshold': z.strictObject({ threshold: matchThresholdSchema }),
};

export interface VerifyResults {
  'verify.stats': VerifyStats;
  'verify.pair': PairResult;
  /** What the threshold would do: VAL/FAR on labelled pairs, and machine guesses that would join or leave people. */
  'verify.previewThreshold': { at: OperatingPoint | null; join: number; leave: number };
  'verify.applyThreshold': { threshold: number; assigned: number; unassigned: number };
}
