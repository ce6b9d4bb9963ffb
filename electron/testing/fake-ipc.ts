/**
 * In-memory stand-ins for Electron's ipcMain / ipcRenderer / contextBridge, wired to each other the way Electron
 * wires them, so the transport and the preload can be tested without the Electron binary.
 */
import type { IpcInvokeEventLike, IpcMainLike } from '../ipc-transport';

type Handler = (event: IpcInvokeEventLike, ...args: unknown[]) => Promise<unknown>;
type Listener = (event: unknown, ...args: unknown[]) => void;

export class FakeIpcMain implements IpcMainLike {
  readonly handlers = new Map<string, Handler>();

  handle(channel: string, listener: Handler): void {
    // Electron throws on a second handler for one channel; so do we.
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, listener);
  }

  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
}

/** A renderer's end: `invoke` reaches FakeIpcMain's handlers as a given sender; `emit` plays webContents.send. */
export class FakeIpcRenderer {
  readonly listeners = new Map<string, Set<Listener>>();

  constructor(
    private readonly main: FakeIpcMain,
    private readonly event: IpcInvokeEventLike,
  ) {}

  invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    const handler = this.main.handlers.get(channel);
    if (!handler) return Promise.reject(new Error(`No handler registered for '${channel}'`));
    // Electron structured-clones arguments and results across the process boundary.
    return handler(this.event, ...structuredClone(args)).then((r) => structuredClone(r));
  }

  on(channel: string, listener: Listener): this {
    let set = this.listeners.get(channel);
    if (!set) this.listeners.set(channel, (set = new Set()));
    set.add(listener);
    return this;
  }

  removeListener(channel: string, listener: Listener): this {
    this.listeners.get(channel)?.delete(listener);
    return this;
  }

  /** What the main process's `webContents.send(channel, payload)` does on this side. */
  emit(channel: string, payload: unknown): void {
    const event = { sender: this, senderId: 0 };
    for (const l of this.listeners.get(channel) ?? []) l(event, structuredClone(payload));
  }

  listenerCount(): number {
    let n = 0;
    for (const set of this.listeners.values()) n += set.size;
    return n;
  }
}
