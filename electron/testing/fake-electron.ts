/**
 * Just enough of Electron's main-process API, recording what main.ts does with it, to run main.ts under Node
 * without the Electron binary. Shapes follow electron.d.ts; only what main.ts and its modules call exists.
 */
import { EventEmitter } from 'node:events';
import { FakeIpcMain } from './fake-ipc';

type Handler = (request: Request) => Response | Promise<Response>;

export class FakeWebContents extends EventEmitter {
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  readonly sent: { channel: string; payload: unknown }[] = [];
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }
  send(channel: string, payload: unknown): void {
    this.sent.push({ channel, payload });
  }
}

export class FakeBrowserWindow extends EventEmitter {
  static readonly created: FakeBrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  loadedUrl: string | null = null;
  destroyed = false;
  constructor(readonly options: Record<string, unknown> & { webPreferences: Record<string, unknown> }) {
    super();
    FakeBrowserWindow.created.push(this);
  }
  loadURL(url: string): Promise<void> {
    this.loadedUrl = url;
    return Promise.resolve();
  }
  isDestroyed = () => this.destroyed;
  isMaximized = () => false;
  isFullScreen = () => false;
  isMinimized = () => false;
  getBounds = () => ({ x: 10, y: 20, width: 1000, height: 700 });
  getNormalBounds = () => this.getBounds();
  maximize(): void {}
  restore(): void {}
  focus(): void {}
  show(): void {}
}

export function createFakeElectron(opts: { appPath: string; userData: string; gotLock?: boolean }) {
  let resolveReady!: () => void;
  const ready = new Promise<void>((r) => (resolveReady = r));
  const app = Object.assign(new EventEmitter(), {
    name: 'electron',
    isPackaged: false,
    quitCalls: 0,
    setName(name: string) {
      this.name = name;
    },
    requestSingleInstanceLock: () => opts.gotLock ?? true,
    whenReady: () => ready,
    getAppPath: () => opts.appPath,
    getPath: (_name: string) => opts.userData,
    quit() {
      this.quitCalls++;
    },
    exit() {},
  });
  const protocol = {
    privileged: [] as { scheme: string; privileges: Record<string, boolean> }[],
    handlers: new Map<string, Handler>(),
    registerSchemesAsPrivileged(list: { scheme: string; privileges: Record<string, boolean> }[]) {
      this.privileged.push(...list);
    },
    handle(scheme: string, handler: Handler) {
      this.handlers.set(scheme, handler);
    },
  };
  const defaultSession = Object.assign(new EventEmitter(), {
    permissionRequest: null as null | ((wc: unknown, p: string, cb: (ok: boolean) => void) => void),
    permissionCheck: null as null | (() => boolean),
    beforeRequest: null as null | ((d: { url: string }, cb: (r: { cancel: boolean }) => void) => void),
    setPermissionRequestHandler(h: (wc: unknown, p: string, cb: (ok: boolean) => void) => void) {
      this.permissionRequest = h;
    },
    setPermissionCheckHandler(h: () => boolean) {
      this.permissionCheck = h;
    },
    webRequest: {
      onBeforeRequest: (h: (d: { url: string }, cb: (r: { cancel: boolean }) => void) => void) => {
        defaultSession.beforeRequest = h;
      },
    },
  });
  const menu = { template: null as unknown };
  const electron = {
    app,
    protocol,
    session: { defaultSession },
    ipcMain: new FakeIpcMain(),
    BrowserWindow: Object.assign(FakeBrowserWindow, {
      getAllWindows: () => FakeBrowserWindow.created.filter((w) => !w.destroyed),
    }),
    Menu: {
      buildFromTemplate: (t: unknown) => t,
      setApplicationMenu: (m: unknown) => {
        menu.template = m;
      },
    },
    dialog: {
      shown: [] as { message: string; detail?: string }[],
      showOpenDialog: async () => ({ canceled: true, filePaths: [] }),
      showErrorBox: () => {},
      async showMessageBox(...args: unknown[]) {
        this.shown.push(args[args.length - 1] as { message: string; detail?: string });
        return { response: 0 };
      },
    },
    screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
  };
  return { electron, ready: resolveReady, menu };
}
