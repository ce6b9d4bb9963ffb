import { z } from 'zod';

/** A database row id as it crosses the boundary: a positive safe integer, nothing else. */
export const rowId = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

/** An operation that takes no arguments still takes an object, so every call has the same shape. */
export const noArgs = z.strictObject({});

export const page = {
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(5000).default(500),
};

/** Matching happens in one of two spaces (DESIGN.md): the raw backbone, or the user-trained adapter. */
export const matchSpace = z.enum(['backbone', 'adapted']);
export type MatchSpace = z.infer<typeof matchSpace>;

/** Error codes the UI can act on; `message` is for people. */
export type ApiErrorCode = 'invalid_args' | 'unknown_op' | 'not_found' | 'conflict' | 'unavailable' | 'internal';

export interface ApiError {
  readonly code: ApiErrorCode;
  readonly message: string;
  /** For `invalid_args`: which argument and why. */
  readonly issues?: readonly { readonly path: string; readonly message: string }[];
}

/** What crosses every transport: a value, or an error that says what went wrong. */
export type Envelope<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ApiError };

/** Thrown by handlers for errors the user can understand; anything else becomes `internal`. */
export class ApiFailure extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
  ) {
    super(message);
  }
}
