import type { JobInfo } from './jobs';

/** What changed in the library, so views refetch only what they show. */
export type ChangeTopic = 'folders' | 'photos' | 'people' | 'faces' | 'models' | 'map' | 'threshold';

/** Every event the engine pushes to the UI. */
export interface ApiEvents {
  job: JobInfo;
  'library.changed': { readonly topics: readonly ChangeTopic[] };
}

export type EventName = keyof ApiEvents;
export const EVENT_NAMES: readonly EventName[] = ['job', 'library.changed'];
