import type { Database } from 'better-sqlite3';
import { m001Initial } from './001-initial';
import { m002PeopleUndo } from './002-people-undo';
import { m003PhotoPresence } from './003-photo-presence';

/** A schema step: runs inside the runner's transaction; never edit one that has shipped, add a new one. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  up(db: Database): void;
}

/** Every migration, in order. Versions must be 1..n with no gaps (checked by the runner). */
export const MIGRATIONS: readonly Migration[] = [m001Initial, m002PeopleUndo, m003PhotoPresence];
