/**
 * The people module's defaults, each with the measurement behind it (dev = ../shared/faces/dev, 30 people,
 * 120 photos, largest face per photo; see the people report in the commit history).
 */
import type { ClusterAlgorithm } from './cluster/index';

/**
 * Average linkage: on dev its best BCubed F1 (0.978) ties single linkage and DBSCAN, but it stays >= 0.96 over
 * thresholds 0.34-0.42 where single linkage / DBSCAN chain people together above 0.40 (F1 0.78 at 0.42), and
 * under the threshold rule below it transfers best to identities it was not tuned on (mean 0.978 vs 0.972).
 */
export const DEFAULT_ALGORITHM: ClusterAlgorithm = 'average';

/**
 * The clustering threshold is derived, not fixed: ratio × the backbone's match (verification) threshold, which
 * is calibrated per model version (`facet threshold`). Absolute distances move with the descriptor pipeline
 * (alignment, decode size: an earlier pipeline's dev optimum was 0.55, the scanner's is 0.36-0.39), the ratio
 * much less. Over 10 disjoint halves of dev's identities, average linkage at 1.0 × each half's own calibrated
 * threshold scored mean BCubed F1 0.978 (min 0.956) against a ceiling of 0.980, better than carrying a threshold
 * tuned on the other half (0.962, min 0.907). The optimum ratio measured on halves was 0.96 (0.89-1.02);
 * average linkage degrades slowly above its optimum (the private set preferred 0.46 at a verification
 * threshold of 0.42), so the rule rounds up to 1.0.
 */
export const CLUSTER_THRESHOLD_RATIO = 1.0;

/** Fewer faces than this stay in Unsorted instead of becoming a person (Immich uses 3). */
export const MIN_CLUSTER_SIZE = 3;

/** faces.quality below this keeps a face out of cluster seeds (it can still join a person by k-NN). */
export const QUALITY_GATE = 0.3;

/** Labelled neighbours consulted by k-NN recognition. */
export const KNN_K = 5;

/** Settings keys the people module owns. */
export const SETTING_LAST_FACE_ID = 'people.last_face_id';
export const SETTING_CLUSTER_THRESHOLD = 'people.cluster_threshold';

/** Which automatic naming decision runs: 'calibrated' (for a target FPIR, core/people/naming-rule.ts) or 'pair' (the
 * k-NN rule at the pair threshold alone, as before issue 11). */
export const SETTING_NAMING_RULE = 'people.naming_rule';
/** The share of strangers the automatic naming may name (FPIR), as a number in (0, 0.5). */
export const SETTING_TARGET_FPIR = 'people.target_fpir';
export type NamingRuleKind = 'calibrated' | 'pair';
