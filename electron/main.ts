/**
 * Facet's Electron main process: one instance, one window, two custom schemes (the bundle and the media), the IPC
 * transport of the contract, and the engine in a worker thread. This process only routes messages and draws
 * windows; it never touches the database.
 */
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, session, type OpenDialogOptions } from 'electron';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { resolveDbPath } from '../core/api/db-path';
import { createAppHandler } from './app-protocol';
import { appMenuTemplate } from './app-menu';
import { appPaths } from './app-paths';
import { EngineClient } from './engine-client';
import type { EngineWorkerData } from './engine-protocol';
import { eventChannel } from './ipc-channels';
import { isTrustedSender, registerIpcTransport } from './ipc-transport';
import { createMainWindow } from './main-window';
import { createMediaHandler } from './media-protocol';
import { APP_SCHEME, isAppUrl, MEDIA_SCHEME } from './schemes';
import { hardenSession } from './session-hardening';
import { registerShellIpc } from './shell-ipc';

// The same user-data folder as the `facet` command (core/cli/db-path.ts), so both open one library.
app.setName('Facet');

protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
  { scheme: MEDIA_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);

if (!app.requestSingleInstanceLock()) {
  // Another Facet is running: it gets focus (second-instance below) and this one leaves before opening anything.
  app.quit();
} else {
  run();
}

function run(): void {
  let mainWindow: BrowserWindow | null = null;
  let engine: EngineClient | null = null;

  const showMainWindow = () => {
    if (!mainWindow || mainWindow.isDestroyed()) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  };
  app.on('second-instance', showMainWindow);

  // Every web contents, not only the main window's: no navigation away from the bundle, no new windows, no webviews.
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event, url) => {
      if (!isAppUrl(url)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });

  app.whenReady().then(() => {
    const paths = appPaths(__dirname, app.getAppPath(), app.isPackaged ? process.resourcesPath : null);
    hardenSession(session.defaultSession);

    const workerData: EngineWorkerData = { dbPath: resolveDbPath(), modelDir: paths.modelDir };
    const client = new EngineClient(() => new Worker(paths.engineWorker, { workerData }));
    engine = client;

    protocol.handle(APP_SCHEME, createAppHandler(paths.bundleRoot));
    protocol.handle(
      MEDIA_SCHEME,
      createMediaHandler((r) => client.media(r.kind, r.id)),
    );

    const ours = (sender: unknown) =>
      mainWindow !== null && !mainWindow.isDestroyed() && sender === mainWindow.webContents;
    registerIpcTransport(ipcMain, {
      isTrustedSender: (event) => isTrustedSender(event, ours),
      call: (op, args) => client.call(op, args),
    });
    client.onEvent((name, payload) => {
      if (mainWindow && !mainWindow.isDestroyed()) mainWindow.webContents.send(eventChannel(name), payload);
    });

    const chooseFolders = async (): Promise<string[]> => {
      const parent = mainWindow && !mainWindow.isDestroyed() ? mainWindow : undefined;
      const options: OpenDialogOptions = {
        title: 'Add a folder of photos',
        properties: ['openDirectory', 'multiSelections'],
      };
      const picked = parent ? await dialog.showOpenDialog(parent, options) : await dialog.showOpenDialog(options);
      return picked.canceled ? [] : picked.filePaths;
    };
    // the Library's "Choose a folder…" button; the renderer adds what was picked, as it does a typed path
    registerShellIpc(ipcMain, { isTrustedSender: (event) => isTrustedSender(event, ours), chooseFolders });
    const addFolder = async () => {
      for (const folder of await chooseFolders()) {
        const result = await client.call('library.addFolder', { path: folder, scan: true });
        if (!result.ok) dialog.showErrorBox('Facet could not add the folder', `${folder}\n\n${result.error.message}`);
      }
    };
    Menu.setApplicationMenu(
      Menu.buildFromTemplate(
        appMenuTemplate(
          { addFolder: () => void addFolder(), rescan: () => void client.call('library.scan', {}) },
          { isMac: process.platform === 'darwin', isDev: !app.isPackaged },
        ),
      ),
    );

    const openWindow = () => {
      mainWindow = createMainWindow({
        preload: paths.preload,
        stateFile: path.join(app.getPath('userData'), 'window-state.json'),
      });
      mainWindow.on('closed', () => (mainWindow = null));
    };
    openWindow();
    void reportEngineStartFailure(client, () => mainWindow);
    app.on('activate', () => {
      if (!mainWindow) openWindow();
    });
  }, fatal);

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  // Let the worker finish its committed step and close the database before the process goes.
  let closed = false;
  app.on('will-quit', (event) => {
    if (closed || !engine) return;
    event.preventDefault();
    closed = true;
    engine.close().finally(() => app.quit());
  });
}

/**
 * The engine opens the library first thing (integrity check, backup, migrations). If it cannot, say so in a
 * dialog at once, with the engine's own message (for a damaged library it names the restore command), rather than
 * leaving the user to find it in empty views.
 */
async function reportEngineStartFailure(client: EngineClient, window: () => BrowserWindow | null): Promise<void> {
  const first = await client.call('library.status', {});
  if (first.ok || first.error.code !== 'unavailable') return;
  const options = {
    type: 'error' as const,
    title: 'Facet',
    message: 'Facet could not open your library',
    detail: first.error.message,
  };
  const parent = window();
  await (parent && !parent.isDestroyed() ? dialog.showMessageBox(parent, options) : dialog.showMessageBox(options));
}

function fatal(err: unknown): void {
  dialog.showErrorBox('Facet could not start', err instanceof Error ? (err.stack ?? err.message) : String(err));
  app.exit(1);
}
