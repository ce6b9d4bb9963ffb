/**
 * What a match (or clustering) threshold may be. Its own module, with no database behind it, because the API's
 * schemas use it and the app's main process loads those schemas without loading the engine.
 */
import { z } from 'zod';

/** Largest distance between unit vectors: a threshold above it would accept every pair. */
export const MAX_UNIT_DISTANCE = 2;

/** What a match (or clustering) threshold may be, used by the API's schema, the CLI's flags and the store. */
export const matchThresholdSchema = z
  .number()
  .gt(0, 'a threshold must be a distance in (0, 2]')
  .max(MAX_UNIT_DISTANCE, 'a threshold must be a distance in (0, 2]');
