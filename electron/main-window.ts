/**
 * The main window: sandboxed, context-isolated, no Node in the page, the preload as the only bridge; it may not
 * navigate away from the bundle or open other windows (links to the web are refused, not opened), and its size
 * and position are remembered.
 */
import { BrowserWindow, screen } from 'electron';
import { APP_ENTRY_URL, isAppUrl } from './schemes';
import { fitToDisplays, loadWindowState, saveWindowState } from './window-state';

export interface MainWindowOptions {
  readonly preload: string;
  /** JSON file that keeps the window's bounds between launches. */
  readonly stateFile: string;
}

export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const state = fitToDisplays(
    loadWindowState(options.stateFile),
    screen.getAllDisplays().map((d) => d.workArea),
  );
  const win = new BrowserWindow({
    ...state.bounds,
    minWidth: 640,
    minHeight: 480,
    show: false,
    title: 'Facet',
    backgroundColor: '#f6f5f2',
    webPreferences: {
      preload: options.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    },
  });
  if (state.maximized) win.maximize();
  win.once('ready-to-show', () => win.show());

  const guard = (event: { preventDefault(): void }, url: string) => {
    if (!isAppUrl(url)) event.preventDefault();
  };
  win.webContents.on('will-navigate', guard);
  win.webContents.on('will-redirect', guard);
  win.webContents.on('will-attach-webview', (event) => event.preventDefault());
  win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));

  const save = () => {
    if (win.isDestroyed()) return;
    const maximized = win.isMaximized() || win.isFullScreen();
    const bounds = maximized ? win.getNormalBounds() : win.getBounds();
    saveWindowState(options.stateFile, { bounds, maximized });
  };
  win.on('close', save);

  void win.loadURL(APP_ENTRY_URL);
  return win;
}
