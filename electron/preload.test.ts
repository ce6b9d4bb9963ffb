import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Envelope, FacetBridge, OpName } from '../core/api/contract';
import { OP_NAMES } from '../core/api/contract';
import { eventChannel } from './ipc-channels';
import { registerIpcTransport } from './ipc-transport';
import { registerShellIpc } from './shell-ipc';
import { APP_ENTRY_URL } from './schemes';
import { FakeIpcMain, FakeIpcRenderer } from './testing/fake-ipc';
import { runPreloadSandboxed } from './testing/load-preload';

function loadPreload() {
  const ipcMain = new FakeIpcMain();
  const dialogs: string[][] = [];
  registerShellIpc(ipcMain, {
    isTrustedSender: () => true,
    chooseFolders: async () => {
      dialogs.push(['/home/me/Pictures']);
      return ['/home/me/Pictures'];
    },
  });
  const calls: { op: OpName; args: unknown }[] = [];
  registerIpcTransport(ipcMain, {
    isTrustedSender: () => true,
    call: async (op, args) => {
      calls.push({ op, args });
      return { ok: true, value: `answer to ${op}` };
    },
  });
  const ipcRenderer = new FakeIpcRenderer(ipcMain, { sender: {}, senderFrame: { url: APP_ENTRY_URL } });
  // Electron's webUtils.getPathForFile: the path of a dropped File (a plain object stands in for one here)
  const webUtils = { getPathForFile: (f: { fakePath: string }) => f.fakePath };
  const run = runPreloadSandboxed({ ipcRenderer, webUtils });
  return { ...run, ipcRenderer, calls, dialogs, facet: run.exposed.get('facet') as FacetBridge };
}

describe('preload', () => {
  it('loads in a sandbox: it requires nothing but electron', () => {
    const { required } = loadPreload();
    assert.deepEqual([...new Set(required)], ['electron']);
  });

  it('exposes window.facet and nothing else, and facet holds only the API (call, on) and the shell extras', () => {
    const { exposed, facet } = loadPreload();
    assert.deepEqual([...exposed.keys()], ['facet']);
    assert.deepEqual(Object.keys(facet).sort(), ['call', 'on', 'shell']);
    assert.deepEqual(Object.keys(facet.shell!).sort(), ['chooseFolders', 'pathForFile']);
    for (const fn of [facet.call, facet.on, facet.shell!.chooseFolders, facet.shell!.pathForFile])
      assert.equal(typeof fn, 'function');
    // No Electron object leaks through a property or a prototype.
    assert.equal(Object.getPrototypeOf(facet), Object.prototype);
    assert.ok(!JSON.stringify(Object.getOwnPropertyNames(facet)).includes('ipcRenderer'));
  });

  it("reaches every operation's handler on the main side (the channel names agree)", async () => {
    const { facet, calls } = loadPreload();
    for (const op of OP_NAMES) {
      const envelope = (await facet.call(op, {} as never)) as Envelope<unknown>;
      // Either the engine answered or the main side's validation refused: never "no handler registered".
      if (envelope.ok) assert.equal(envelope.value, `answer to ${op}`);
      else assert.equal(envelope.error.code, 'invalid_args', `${op}: ${envelope.error.message}`);
    }
    assert.ok(calls.some((c) => c.op === 'library.status'));
  });

  it('refuses an unknown operation (there is no handler for it) and a non-string name', async () => {
    const { facet } = loadPreload();
    await assert.rejects(facet.call('fs.readFile' as OpName, {} as never), /No handler registered/);
    await assert.rejects(facet.call(42 as unknown as OpName, {} as never), /must be a string/);
  });

  it('shell: the native folder dialog answers through its own channel; a dropped file gives its path', async () => {
    const { facet, dialogs } = loadPreload();
    assert.deepEqual(await facet.shell!.chooseFolders(), ['/home/me/Pictures']);
    assert.equal(dialogs.length, 1, 'the main side showed the dialog once');
    assert.equal(facet.shell!.pathForFile({ fakePath: '/home/me/Dropped' }), '/home/me/Dropped');
  });

  it('delivers events with their payload only, and unsubscribes', () => {
    const { facet, ipcRenderer } = loadPreload();
    const received: unknown[] = [];
    const off = facet.on('library.changed', (payload) => received.push(payload));
    ipcRenderer.emit(eventChannel('library.changed'), { topics: ['people'] });
    ipcRenderer.emit(eventChannel('job'), { id: 'x' }); // another event: not for this listener
    assert.deepEqual(received, [{ topics: ['people'] }]);
    off();
    assert.equal(ipcRenderer.listenerCount(), 0);
    ipcRenderer.emit(eventChannel('library.changed'), { topics: ['faces'] });
    assert.equal(received.length, 1);
  });
});
