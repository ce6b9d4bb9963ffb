import type { Migration } from './index';

/**
 * Two facts about a photo file, so that nothing labelled is lost without a word:
 * - `quick_hash`: SHA-256 of the first and last 64 KiB; a file replaced by another with the same name, size and
 *   mtime is seen as changed at the cost of two small reads.
 * - `missing_since`: set when a photo holding user labels is no longer on disk. It is kept (with its labels) until
 *   the user confirms removal (`facet missing --forget`) or the file is found again (same path, or moved by content).
 */
export const m003PhotoPresence: Migration = {
  version: 3,
  name: 'photo quick hash and missing mark',
  up(db) {
    db.exec(`
      ALTER TABLE photos ADD COLUMN quick_hash TEXT;
      ALTER TABLE photos ADD COLUMN missing_since INTEGER;
      CREATE INDEX photos_missing ON photos(missing_since) WHERE missing_since IS NOT NULL;
    `);
  },
};
