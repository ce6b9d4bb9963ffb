import assert from 'node:assert/strict';
import fs from 'node:fs';
import Module from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { OP_NAMES } from '../core/api/contract';
import { appMenuTemplate } from './app-menu';
import { CHOOSE_FOLDERS_CHANNEL, opChannel } from './ipc-channels';
import { APP_ENTRY_URL, APP_SCHEME, CONTENT_SECURITY_POLICY, MEDIA_SCHEME } from './schemes';
import { createFakeElectron, FakeBrowserWindow } from './testing/fake-electron';

/*
 * Runs the real electron/main.ts against a recording fake of Electron's API (no binary here) and checks what a
 * security review would: the window's web preferences, the schemes and their handlers, the IPC table, navigation,
 * new windows, permissions and network requests.
 */
const userData = fs.mkdtempSync(path.join(os.tmpdir(), 'facet-main-'));
// A library path under a regular file: no engine can open it. From source the worker may not even start
// (electron/engine-worker.js is only built into dist/, and whether tsx reaches worker threads depends on Node's
// version); either way the user must be told at once.
const notAFolder = path.join(userData, 'not-a-folder');
fs.writeFileSync(notAFolder, '');
process.env.FACET_DB = path.join(notAFolder, 'library.db');
const fake = createFakeElectron({ appPath: path.join(__dirname, '..'), userData });
const loader = Module as unknown as { _load(request: string, parent: unknown, isMain: boolean): unknown };
const originalLoad = loader._load;
loader._load = function (request, parent, isMain) {
  if (request === 'electron') return fake.electron;
  return originalLoad.call(this, request, parent, isMain);
};
require('./main');

async function started() {
  fake.ready();
  for (let i = 0; i < 100 && FakeBrowserWindow.created.length === 0; i++) await new Promise((r) => setTimeout(r, 5));
  const win = FakeBrowserWindow.created[0];
  assert.ok(win, 'a window was created');
  return win;
}

describe('electron/main.ts (against a fake Electron)', () => {
  // Quitting closes the engine worker when one started, so the test process can end.
  after(() => void fake.electron.app.emit('will-quit', { preventDefault() {} }));

  it('takes the single-instance lock and names the app Facet (user data shared with the CLI)', () => {
    assert.equal(fake.electron.app.name, 'Facet');
    assert.equal(fake.electron.app.listenerCount('second-instance'), 1);
  });

  it('loads no engine module in the main process (SQLite, sharp, onnxruntime, tfjs live in the worker)', () => {
    const loaded = Object.keys(require.cache).filter((f) =>
      /node_modules[\\/](better-sqlite3|sharp|onnxruntime-node|@tensorflow|usearch)[\\/]/.test(f),
    );
    assert.deepEqual(loaded, []);
    const engineFiles = Object.keys(require.cache).filter((f) =>
      /core[\\/](db|api[\\/]handlers|library|vision|train|people)[\\/]/.test(f),
    );
    assert.deepEqual(engineFiles, []);
  });

  it('registers both schemes as standard and secure before the app is ready, without CORS', () => {
    const schemes = fake.electron.protocol.privileged.map((p) => p.scheme).sort();
    assert.deepEqual(schemes, [APP_SCHEME, MEDIA_SCHEME].sort());
    for (const p of fake.electron.protocol.privileged) {
      assert.equal(p.privileges.standard, true);
      assert.equal(p.privileges.secure, true);
      assert.notEqual(p.privileges.corsEnabled, true, 'other origins must not read our media');
    }
  });

  it('opens one sandboxed, context-isolated window without Node, on the bundle', async () => {
    const win = await started();
    const prefs = win.options.webPreferences;
    assert.equal(prefs.contextIsolation, true);
    assert.equal(prefs.sandbox, true);
    assert.equal(prefs.nodeIntegration, false);
    assert.equal(prefs.nodeIntegrationInWorker, false);
    assert.equal(prefs.webviewTag, false);
    assert.notEqual(prefs.webSecurity, false);
    assert.match(String(prefs.preload), /preload\.js$/);
    assert.equal(win.loadedUrl, APP_ENTRY_URL);
  });

  it('serves the bundle with the CSP and handles the media scheme', async () => {
    await started();
    const app = fake.electron.protocol.handlers.get(APP_SCHEME);
    const media = fake.electron.protocol.handlers.get(MEDIA_SCHEME);
    assert.ok(app && media);
    const index = await app(new Request(APP_ENTRY_URL));
    const built = fs.existsSync(path.join(__dirname, '..', 'renderer', 'dist', 'index.html'));
    assert.equal(index.status, built ? 200 : 404, 'the bundle is served from renderer/dist');
    assert.equal(index.headers.get('content-security-policy'), CONTENT_SECURITY_POLICY);
    assert.equal((await media(new Request('facet-media://face/%2e%2e%2fetc%2fpasswd'))).status, 404);
  });

  it('registers one IPC handler per contract operation, and the native folder dialog', async () => {
    await started();
    assert.deepEqual(
      [...fake.electron.ipcMain.handlers.keys()].sort(),
      [...OP_NAMES.map(opChannel), CHOOSE_FOLDERS_CHANNEL].sort(),
    );
  });

  it('opens the folder dialog only for the main window', async () => {
    await started();
    const handler = fake.electron.ipcMain.handlers.get(CHOOSE_FOLDERS_CHANNEL)!;
    await assert.rejects(handler({ sender: {}, senderFrame: { url: APP_ENTRY_URL } }), /did not come from/);
  });

  it('refuses IPC from a web contents that is not the main window', async () => {
    await started();
    const handler = fake.electron.ipcMain.handlers.get(opChannel('library.status'))!;
    const envelope = (await handler({ sender: {}, senderFrame: { url: APP_ENTRY_URL } }, {})) as { ok: boolean };
    assert.equal(envelope.ok, false);
  });

  it('denies new windows and navigation away from the bundle', async () => {
    const win = await started();
    assert.deepEqual(win.webContents.windowOpenHandler?.({ url: 'https://example.com/' }), { action: 'deny' });
    const navigate = (url: string) => {
      let prevented = false;
      win.webContents.emit('will-navigate', { preventDefault: () => (prevented = true) }, url);
      return prevented;
    };
    assert.equal(navigate('https://example.com/'), true);
    assert.equal(navigate('file:///etc/passwd'), true);
    assert.equal(navigate('facet-app://bundle/index.html#/people'), false);
  });

  it('grants no permission and cancels every network request', async () => {
    await started();
    const s = fake.electron.session.defaultSession;
    let granted: boolean | null = null;
    s.permissionRequest?.({}, 'media', (ok) => (granted = ok));
    assert.equal(granted, false);
    assert.equal(s.permissionCheck?.(), false);
    const cancelled = (url: string) => {
      let result: boolean | null = null;
      s.beforeRequest?.({ url }, (r) => (result = r.cancel));
      return result;
    };
    const warn = console.warn;
    console.warn = () => {};
    try {
      assert.equal(cancelled('https://example.com/tracker.js'), true);
      assert.equal(cancelled('http://127.0.0.1:9000/'), true);
    } finally {
      console.warn = warn;
    }
    assert.equal(cancelled('facet-media://face/1'), false);
    assert.equal(cancelled(APP_ENTRY_URL), false);
  });

  it('tells the user at once when the engine cannot open the library, in its own words', async () => {
    await started();
    const dialog = fake.electron.dialog;
    // A worker that does start (tsx compiling the engine from source) takes seconds under load.
    for (let i = 0; i < 3000 && dialog.shown.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    assert.equal(dialog.shown.length, 1);
    assert.equal(dialog.shown[0].message, 'Facet could not open your library');
    assert.match(dialog.shown[0].detail ?? '', /engine-worker\.js|not-a-folder/);
  });

  it('has an application menu without developer tools in a packaged build', async () => {
    await started();
    const labels = JSON.stringify(fake.menu.template);
    assert.match(labels, /Add Folder/);
    const packaged = JSON.stringify(appMenuTemplate({ addFolder() {}, rescan() {} }, { isMac: false, isDev: false }));
    assert.doesNotMatch(packaged, /toggleDevTools|"reload"/);
  });
});
