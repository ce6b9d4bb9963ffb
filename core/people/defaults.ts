/**
 * The people module's defaults, each with the measurement behind it (dev = ../shared/faces/dev, 30 people,
 * 120 photos, largest face per photo; see the people report in the commit history).
 */
import type { ClusterAlgorithm } from './cluster/index';

/**
 * Average linkage won on dev (BCubed F1 0.971 at its best; single linkage / DBSCAN(minPts 2) 0.971, DBSCAN
 * (minPts 3) 0.949) and, tuned on 15 identities, did best on the other 15 (mean held-out F1 0.970 over 10
 * disjoint splits), and it does not chain people together the way single linkage / DBSCAN can.
 */
export const DEFAULT_ALGORITHM: ClusterAlgorithm = 'average';

/**
 * The clustering threshold is derived, not fixed: ratio × the backbone's match (verification) threshold,
 * which is calibrated per model version. Absolute distances move with the descriptor pipeline (alignment,
 * decode size), the ratio much less: on dev, the best average-linkage threshold chosen on one half of the
 * identities was 0.96 × that half's best-accuracy verification threshold (range 0.89-1.02 over 10 splits),
 * and applying the ratio to the other half gave held-out BCubed F1 0.970. Erring high is safer for average
 * linkage (F1 stays >= 0.96 up to 1.1 × on dev), so the rule rounds up to 1.0.
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
