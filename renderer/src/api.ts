import type { ApiError, ApiEvents, Args, EventName, OpName, Result, ShellBridge } from '../../core/api/contract';
import { pickTransport, type MediaKind, type Transport } from './transport';

export class ApiCallError extends Error {
  constructor(readonly error: ApiError) {
    super(error.message);
  }
}

let transport: Transport | null = null;
function t(): Transport {
  transport ??= pickTransport();
  return transport;
}

/** Calls an operation of the contract; resolves to its value or rejects with the engine's error. */
export async function call<K extends OpName>(op: K, args: Args<K>): Promise<Result<K>> {
  const env = await t().call(op, args);
  if (!env.ok) throw new ApiCallError(env.error);
  return env.value;
}

export function on<E extends EventName>(event: E, listener: (payload: ApiEvents[E]) => void): () => void {
  return t().on(event, listener);
}

export function mediaUrl(kind: MediaKind, id: number): string {
  return t().mediaUrl(kind, id);
}

/** Forces the transport choice now, so that a missing token shows at start rather than on the first click. */
export function initTransport(): void {
  t();
}

/** The desktop shell's extras (native folder dialog, paths of dropped files), or null in a browser. */
export function shell(): ShellBridge | null {
  return window.facet?.shell ?? null;
}
