/**
 * The preload: exposes the typed API as `window.facet` and nothing else. It runs sandboxed, so it may only
 * require 'electron'; channel names are spelled here and in ./ipc-channels.ts (a test wires the two together).
 * Listeners never see Electron's IpcRendererEvent (it would hand the page `ipcRenderer` itself).
 */
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import type { ApiEvents, EventName, FacetBridge } from '../core/api/contract';

const OP_CHANNEL_PREFIX = 'facet:op:';
const EVENT_CHANNEL_PREFIX = 'facet:event:';
const CHOOSE_FOLDERS_CHANNEL = 'facet:shell:choose-folders';

const facet = {
  call(op, args) {
    if (typeof op !== 'string') return Promise.reject(new TypeError('facet.call: the operation name must be a string'));
    return ipcRenderer.invoke(OP_CHANNEL_PREFIX + op, args);
  },
  on<E extends EventName>(event: E, listener: (payload: ApiEvents[E]) => void): () => void {
    if (typeof event !== 'string' || typeof listener !== 'function') {
      throw new TypeError('facet.on(event, listener): an event name and a function');
    }
    const channel = EVENT_CHANNEL_PREFIX + event;
    const forward = (_event: IpcRendererEvent, payload: ApiEvents[E]) => listener(payload);
    ipcRenderer.on(channel, forward);
    return () => {
      ipcRenderer.removeListener(channel, forward);
    };
  },
  shell: {
    chooseFolders: () => ipcRenderer.invoke(CHOOSE_FOLDERS_CHANNEL) as Promise<string[]>,
    // Electron's replacement for File.path: the page learns the path of what the user dropped, nothing more.
    pathForFile: (file: unknown) => webUtils.getPathForFile(file as File),
  },
} satisfies FacetBridge;

contextBridge.exposeInMainWorld('facet', facet);
