/**
 * Verification (FaceNet §5.1): pair statistics of labelled faces and the figures read from them — VAL, FAR, TA,
 * FA, ROC, AUC, the threshold at a target FAR, best accuracy and k-fold accuracy. Distances are Euclidean; a pair
 * is accepted when its distance is <= the threshold.
 */
export { pairStats, pairStatsFromDistances, DEFAULT_MAX_PAIRS } from './pair-stats';
export type { PairStats, PairStatsOptions } from './pair-stats';
export { valFar, thresholdAtFar, operatingPointAtFar, auc, accuracyAt, bestAccuracy, rocCurve } from './metrics';
export type { ValFar, OperatingPoint, BestAccuracy, RocPoint } from './metrics';
export { kFoldAccuracy } from './kfold';
export type { KFoldResult } from './kfold';
export { dkwEpsilon, wilsonInterval } from './error-bounds';
