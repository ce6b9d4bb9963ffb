/**
 * The Electron IPC transport of the contract: one `ipcMain.handle` per operation, generated from OPERATIONS.
 * Arguments are validated here with the contract's zod schemas (bad input never reaches the engine), calls from
 * senders that are not our own windows are refused, and every outcome crosses as an envelope: the renderer's
 * `invoke` never rejects for an engine error.
 */
import type { ZodError } from 'zod';
import { OPERATIONS, OP_NAMES, type ApiError, type Envelope, type OpName } from '../core/api/contract';
import { opChannel } from './ipc-channels';
import { isAppUrl } from './schemes';

/** What the transport needs of an IPC event: who sent it. */
export interface IpcInvokeEventLike {
  readonly sender: unknown;
  readonly senderFrame?: { readonly url: string } | null;
}

/** The part of Electron's `ipcMain` the transport uses (so tests can pass a fake one). */
export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcInvokeEventLike, ...args: unknown[]) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}

export interface IpcTransportOptions {
  /** True when the event comes from a window of ours showing the app bundle. */
  isTrustedSender(event: IpcInvokeEventLike): boolean;
  /** Runs a validated call in the engine (the worker) and resolves to its envelope. */
  call(op: OpName, args: unknown): Promise<Envelope<unknown>>;
}

// The same shape as core/api/dispatch.ts gives; not imported from there, because dispatch pulls in every handler
// (SQLite, sharp, onnxruntime) and the main process must load none of them.
function invalidArgs(err: ZodError): ApiError {
  const issues = err.issues.map((i) => ({ path: i.path.join('.') || '(arguments)', message: i.message }));
  return { code: 'invalid_args', message: issues.map((i) => `${i.path}: ${i.message}`).join('; '), issues };
}

const REFUSED: Envelope<never> = {
  ok: false,
  error: { code: 'unavailable', message: 'refused: this IPC call does not come from a Facet window' },
};

/**
 * Registers the handler table on `ipcMain`; returns a function that removes it again.
 * The channels registered are exactly `opChannel(op)` for every op of the contract.
 */
export function registerIpcTransport(ipcMain: IpcMainLike, options: IpcTransportOptions): () => void {
  const channels: string[] = [];
  for (const op of OP_NAMES) {
    const schema = OPERATIONS[op];
    const channel = opChannel(op);
    ipcMain.handle(channel, async (event, rawArgs): Promise<Envelope<unknown>> => {
      if (!options.isTrustedSender(event)) return REFUSED;
      const parsed = schema.safeParse(rawArgs ?? {});
      if (!parsed.success) return { ok: false, error: invalidArgs(parsed.error) };
      try {
        return await options.call(op, parsed.data);
      } catch (err) {
        return { ok: false, error: { code: 'internal', message: err instanceof Error ? err.message : String(err) } };
      }
    });
    channels.push(channel);
  }
  return () => {
    for (const channel of channels) ipcMain.removeHandler(channel);
  };
}

/**
 * The sender check (Fiddle's rule plus one): the call must come from a web contents we created, and from a frame
 * that shows our bundle, so a page that somehow got into a window of ours still cannot reach the engine.
 */
export function isTrustedSender(event: IpcInvokeEventLike, isOurWebContents: (sender: unknown) => boolean): boolean {
  return isOurWebContents(event.sender) && isAppUrl(event.senderFrame?.url ?? '');
}
