import type { Database } from 'better-sqlite3';
import { deletePhotos, missingPhotos, type PhotoLabels } from '../db/photos-repo';
import { backupBefore } from '../safety/backup';

/**
 * Removes photos gone from disk that a scan kept for their labels, with those labels: the one operation behind
 * `facet missing --forget` and the app's "Forget" button. A backup is taken first. With `onlyIds`, only those
 * of them (what the user was shown): a photo that went missing since is not forgotten unseen. Returns what went.
 */
export function forgetMissingPhotos(db: Database, onlyIds?: readonly number[]): PhotoLabels[] {
  const wanted = onlyIds && new Set(onlyIds);
  const gone = missingPhotos(db).filter((m) => !wanted || wanted.has(m.id));
  if (!gone.length) return gone;
  backupBefore(db, 'forget-missing');
  deletePhotos(
    db,
    gone.map((m) => m.id),
  );
  return gone;
}
