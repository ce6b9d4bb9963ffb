import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { OPERATIONS, OP_NAMES, type Envelope, type OpName } from '../core/api/contract';
import { OP_CHANNEL_PREFIX, opChannel } from './ipc-channels';
import { isTrustedSender, registerIpcTransport, type IpcInvokeEventLike } from './ipc-transport';
import { APP_ENTRY_URL } from './schemes';
import { FakeIpcMain } from './testing/fake-ipc';

const OUR_SENDER = { id: 1 };
const ourEvent: IpcInvokeEventLike = { sender: OUR_SENDER, senderFrame: { url: APP_ENTRY_URL } };

function setup() {
  const ipcMain = new FakeIpcMain();
  const calls: { op: OpName; args: unknown }[] = [];
  const dispose = registerIpcTransport(ipcMain, {
    isTrustedSender: (e) => isTrustedSender(e, (s) => s === OUR_SENDER),
    call: async (op, args) => {
      calls.push({ op, args });
      return { ok: true, value: { echoed: op } };
    },
  });
  const invoke = (op: string, args: unknown, event = ourEvent) => {
    const handler = ipcMain.handlers.get(OP_CHANNEL_PREFIX + op);
    assert.ok(handler, `no IPC handler for ${op}`);
    return handler(event, args) as Promise<Envelope<unknown>>;
  };
  return { ipcMain, calls, dispose, invoke };
}

describe('IPC transport generated from the contract', () => {
  it('registers exactly one handler per contract operation, and nothing else', () => {
    const { ipcMain } = setup();
    assert.deepEqual([...ipcMain.handlers.keys()].sort(), OP_NAMES.map((op) => opChannel(op)).sort());
    assert.ok(OP_NAMES.length >= 20, `the contract has ${OP_NAMES.length} operations`);
  });

  it("validates every operation's arguments with the contract's own schema before the engine sees them", async () => {
    const { calls, invoke } = setup();
    // Probes that each schema accepts or refuses; the transport must agree with the schema on every one.
    const probes: unknown[] = [undefined, {}, { bogus: 1 }, 'text', 42, { personId: 1 }, { personId: -3 }];
    for (const op of OP_NAMES) {
      for (const probe of probes) {
        calls.length = 0;
        const expected = OPERATIONS[op].safeParse(probe ?? {});
        const envelope = await invoke(op, probe);
        assert.equal(envelope.ok, expected.success, `${op} ${JSON.stringify(probe)}`);
        if (expected.success) {
          assert.deepEqual(calls, [{ op, args: expected.data }], `${op} forwards the parsed arguments`);
        } else {
          assert.equal(calls.length, 0, `${op} must not reach the engine with ${JSON.stringify(probe)}`);
          assert.ok(!envelope.ok && envelope.error.code === 'invalid_args' && envelope.error.message.length > 0);
        }
      }
    }
  });

  it('applies the schema defaults (what a handler receives is the parsed value)', async () => {
    const { calls, invoke } = setup();
    await invoke('people.list', {});
    assert.deepEqual(calls, [{ op: 'people.list', args: { includeHidden: false } }]);
    const bad = await invoke('people.rename', { personId: 1, name: '   ' });
    assert.ok(!bad.ok);
    assert.equal(bad.error.code, 'invalid_args');
    assert.match(bad.error.issues?.[0]?.path ?? '', /name/);
  });

  it('refuses calls from senders that are not our window, or from a frame not showing our bundle', async () => {
    const { calls, invoke } = setup();
    const strangers: IpcInvokeEventLike[] = [
      { sender: { id: 2 }, senderFrame: { url: APP_ENTRY_URL } },
      { sender: OUR_SENDER, senderFrame: { url: 'https://example.com/' } },
      { sender: OUR_SENDER, senderFrame: { url: 'file:///etc/passwd' } },
      { sender: OUR_SENDER, senderFrame: null },
    ];
    for (const event of strangers) {
      const envelope = await invoke('library.status', {}, event);
      assert.equal(envelope.ok, false);
    }
    assert.equal(calls.length, 0);
    assert.equal((await invoke('library.status', {})).ok, true);
  });

  it('turns an engine failure into an envelope instead of a rejected invoke', async () => {
    const ipcMain = new FakeIpcMain();
    registerIpcTransport(ipcMain, {
      isTrustedSender: () => true,
      call: async () => {
        throw new Error('worker exploded');
      },
    });
    const envelope = (await ipcMain.handlers.get(opChannel('jobs.list'))!(ourEvent, {})) as Envelope<unknown>;
    assert.deepEqual(envelope, { ok: false, error: { code: 'internal', message: 'worker exploded' } });
  });

  it('removes every handler it added', () => {
    const { ipcMain, dispose } = setup();
    dispose();
    assert.equal(ipcMain.handlers.size, 0);
  });
});
