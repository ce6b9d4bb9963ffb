import type { ZodError } from 'zod';
import type { ApiContext } from './api-context';
import {
  ApiFailure,
  OPERATIONS,
  isOpName,
  type ApiError,
  type Args,
  type Envelope,
  type FacetBridge,
  type OpName,
  type Result,
} from './contract';
import { HANDLERS } from './handlers';

function invalid(err: ZodError): ApiError {
  const issues = err.issues.map((i) => ({ path: i.path.join('.') || '(arguments)', message: i.message }));
  return {
    code: 'invalid_args',
    message: issues.map((i) => `${i.path}: ${i.message}`).join('; '),
    issues,
  };
}

/**
 * The single entry point of every transport: validates `rawArgs` against the operation's schema, runs its
 * handler, and turns every outcome into an envelope. Nothing thrown escapes.
 */
export async function dispatch(ctx: ApiContext, op: string, rawArgs: unknown): Promise<Envelope<unknown>> {
  if (!isOpName(op)) return { ok: false, error: { code: 'unknown_op', message: `no operation called "${op}"` } };
  const parsed = OPERATIONS[op].safeParse(rawArgs ?? {});
  if (!parsed.success) return { ok: false, error: invalid(parsed.error) };
  try {
    const handler = HANDLERS[op] as (args: unknown, ctx: ApiContext) => unknown;
    return { ok: true, value: await handler(parsed.data, ctx) };
  } catch (err) {
    if (err instanceof ApiFailure) return { ok: false, error: { code: err.code, message: err.message } };
    const message = err instanceof Error ? err.message : String(err);
    return { ok: false, error: { code: 'internal', message } };
  }
}

/** The contract as an in-process bridge (what tests and the Electron worker call). */
export function createBridge(ctx: ApiContext): FacetBridge {
  return {
    call: <K extends OpName>(op: K, args: Args<K>) => dispatch(ctx, op, args) as Promise<Envelope<Result<K>>>,
    on: (event, listener) => ctx.events.on(event, listener),
  };
}
