/**
 * The one contract between the UI and the engine: every operation's argument schema (validated at the boundary
 * with zod), its result type, and the events the engine pushes. Electron IPC, the preload bridge and `facet serve`
 * are transports of exactly this; none adds an operation of its own.
 */
import type { z } from 'zod';
import type { Envelope } from './common';
import type { ApiEvents, EventName } from './events';
import { jobOps, type JobResults } from './jobs';
import { libraryOps, type LibraryResults } from './library';
import { mapOps, type MapResults } from './map';
import { peopleOps, type PeopleResults } from './people';
import { trainOps, type TrainResults } from './train';
import { verifyOps, type VerifyResults } from './verify';

export const OPERATIONS = {
  ...libraryOps,
  ...jobOps,
  ...peopleOps,
  ...verifyOps,
  ...mapOps,
  ...trainOps,
};

export type Operations = typeof OPERATIONS;
export type OpName = keyof Operations;
export type Results = LibraryResults & JobResults & PeopleResults & VerifyResults & MapResults & TrainResults;

/** What a caller passes (defaults may be left out). */
export type Args<K extends OpName> = z.input<Operations[K]>;
/** What a handler receives, after validation and defaults. */
export type ParsedArgs<K extends OpName> = z.output<Operations[K]>;
export type Result<K extends OpName> = Results[K];

export const OP_NAMES = Object.keys(OPERATIONS) as OpName[];

export function isOpName(name: string): name is OpName {
  return Object.prototype.hasOwnProperty.call(OPERATIONS, name);
}

/**
 * The surface every transport exposes to the renderer (the preload's `window.facet` must `satisfies` this).
 * `call` never throws for an engine error: it resolves to an envelope.
 */
export interface FacetBridge {
  call<K extends OpName>(op: K, args: Args<K>): Promise<Envelope<Result<K>>>;
  on<E extends EventName>(event: E, listener: (payload: ApiEvents[E]) => void): () => void;
  /** What only the desktop shell can do; absent in a browser. */
  readonly shell?: ShellBridge;
}

/** The desktop shell's part of the bridge: the native folder dialog, and the path of a file dropped on the window. */
export interface ShellBridge {
  /** The folders the user picked in the native dialog; empty when cancelled. */
  chooseFolders(): Promise<string[]>;
  /** The path on disk of a File from a drop (a browser never says it; Electron does). */
  pathForFile(file: unknown): string;
}

// Every operation has a result type and every result type an operation (compile-time check).
type Exact<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _sameKeys: Exact<OpName, keyof Results> = true;
void _sameKeys;

export * from './common';
export * from './events';
export type * from './jobs';
export type * from './library';
export type * from './map';
export type * from './people';
export type * from './train';
export type * from './verify';
