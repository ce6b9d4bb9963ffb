/** The clustering threshold in force: a user/setting override, else ratio × the backbone match threshold. */
import type { Database } from 'better-sqlite3';
import { getMatchThreshold } from '../space/thresholds';
import { CLUSTER_THRESHOLD_RATIO, SETTING_CLUSTER_THRESHOLD } from './defaults';
import { getSetting } from './people-repo';

export function clusterThreshold(db: Database): number {
  const stored = Number(getSetting(db, SETTING_CLUSTER_THRESHOLD));
  if (Number.isFinite(stored) && stored > 0) return stored;
  return CLUSTER_THRESHOLD_RATIO * getMatchThreshold(db, 'backbone');
}
