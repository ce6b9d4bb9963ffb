/**
 * The shell's own IPC, beside the contract's: the native folder dialog, which only the main process can show. The
 * renderer adds what was picked through the contract (`library.addFolder`), as it does a typed path.
 */
import { CHOOSE_FOLDERS_CHANNEL } from './ipc-channels';
import type { IpcInvokeEventLike, IpcMainLike } from './ipc-transport';

export interface ShellIpcOptions {
  /** Only the app's own window may ask (ipc-transport's isTrustedSender). */
  isTrustedSender(event: IpcInvokeEventLike): boolean;
  chooseFolders(): Promise<string[]>;
}

export function registerShellIpc(ipcMain: IpcMainLike, options: ShellIpcOptions): () => void {
  ipcMain.handle(CHOOSE_FOLDERS_CHANNEL, async (event) => {
    if (!options.isTrustedSender(event)) throw new Error('refused: the request did not come from the Facet window');
    return options.chooseFolders();
  });
  return () => ipcMain.removeHandler(CHOOSE_FOLDERS_CHANNEL);
}
