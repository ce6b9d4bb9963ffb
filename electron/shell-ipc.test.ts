import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CHOOSE_FOLDERS_CHANNEL } from './ipc-channels';
import { registerShellIpc } from './shell-ipc';
import { FakeIpcMain } from './testing/fake-ipc';

test('the folder dialog opens only for the Facet window, and the handler goes away on dispose', async () => {
  const ipcMain = new FakeIpcMain();
  let shown = 0;
  const dispose = registerShellIpc(ipcMain, {
    isTrustedSender: (e) => e.senderFrame?.url === 'facet-app://bundle/index.html',
    chooseFolders: async () => (shown++, ['/photos']),
  });
  const handler = ipcMain.handlers.get(CHOOSE_FOLDERS_CHANNEL)!;
  assert.deepEqual(await handler({ sender: {}, senderFrame: { url: 'facet-app://bundle/index.html' } }), ['/photos']);
  await assert.rejects(handler({ sender: {}, senderFrame: { url: 'https://evil.example/' } }), /did not come from/);
  assert.equal(shown, 1, 'no dialog for a page that is not ours');
  dispose();
  assert.equal(ipcMain.handlers.has(CHOOSE_FOLDERS_CHANNEL), false);
});
