import type { Migration } from './index';

/**
 * The first schema (DESIGN.md data model). Boxes and landmarks are in pixels of the photo as displayed
 * (EXIF orientation applied). `faces.embedding` is the backbone descriptor (128 x float32), tagged with
 * the model that made it; adapted spaces are derived from it in memory, never stored.
 */
export const m001Initial: Migration = {
  version: 1,
  name: 'initial schema',
  up(db) {
    db.exec(`
      CREATE TABLE folders (
        id        INTEGER PRIMARY KEY,
        path      TEXT NOT NULL UNIQUE,
        added_at  INTEGER NOT NULL
      );
      CREATE TABLE photos (
        id         INTEGER PRIMARY KEY,
        folder_id  INTEGER NOT NULL REFERENCES folders(id) ON DELETE CASCADE,
        path       TEXT NOT NULL UNIQUE,
        size       INTEGER NOT NULL,
        mtime      INTEGER NOT NULL,
        hash       TEXT,
        width      INTEGER,
        height     INTEGER,
        taken_at   TEXT,
        status     TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done', 'error')),
        error      TEXT,
        scanned_at INTEGER
      );
      CREATE INDEX photos_folder ON photos(folder_id);
      CREATE INDEX photos_hash ON photos(hash);
      CREATE INDEX photos_status ON photos(status);

      CREATE TABLE models (
        id          INTEGER PRIMARY KEY,
        parent_id   INTEGER REFERENCES models(id),
        kind        TEXT NOT NULL CHECK (kind IN ('backbone', 'head')),
        name        TEXT NOT NULL,
        created_at  INTEGER NOT NULL,
        weights     BLOB,
        metrics     TEXT,
        threshold   REAL,
        active      INTEGER NOT NULL DEFAULT 0
      );
      CREATE UNIQUE INDEX models_backbone_name ON models(name) WHERE kind = 'backbone';

      CREATE TABLE people (
        id             INTEGER PRIMARY KEY,
        name           TEXT,
        cover_face_id  INTEGER,
        hidden         INTEGER NOT NULL DEFAULT 0,
        created_at     INTEGER NOT NULL
      );

      CREATE TABLE faces (
        id           INTEGER PRIMARY KEY,
        photo_id     INTEGER NOT NULL REFERENCES photos(id) ON DELETE CASCADE,
        x REAL NOT NULL, y REAL NOT NULL, w REAL NOT NULL, h REAL NOT NULL,
        landmarks    BLOB,
        score        REAL NOT NULL,
        quality      REAL NOT NULL,
        crop         BLOB,
        embedding    BLOB NOT NULL,
        model_id     INTEGER NOT NULL REFERENCES models(id),
        person_id    INTEGER REFERENCES people(id) ON DELETE SET NULL,
        assigned_by  TEXT CHECK (assigned_by IN ('user', 'machine')),
        rejected     INTEGER NOT NULL DEFAULT 0,
        CHECK ((person_id IS NULL) = (assigned_by IS NULL))
      );
      CREATE INDEX faces_photo ON faces(photo_id);
      CREATE INDEX faces_person ON faces(person_id);

      CREATE TABLE not_person (
        face_id    INTEGER NOT NULL REFERENCES faces(id) ON DELETE CASCADE,
        person_id  INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
        PRIMARY KEY (face_id, person_id)
      ) WITHOUT ROWID;

      CREATE TABLE settings (
        key    TEXT PRIMARY KEY,
        value  TEXT NOT NULL
      ) WITHOUT ROWID;
    `);
  },
};
