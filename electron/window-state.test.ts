import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import {
  DEFAULT_WINDOW_STATE,
  fitToDisplays,
  loadWindowState,
  saveWindowState,
  type WindowState,
} from './window-state';

const tmpFile = () => path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'facet-ws-')), 'sub', 'window-state.json');

describe('window state', () => {
  it('round-trips bounds and the maximised flag', () => {
    const file = tmpFile();
    const state: WindowState = { bounds: { x: 100, y: 50, width: 1400, height: 900 }, maximized: true };
    saveWindowState(file, state);
    assert.deepEqual(loadWindowState(file), state);
    assert.deepEqual(fs.readdirSync(path.dirname(file)), ['window-state.json'], 'no temp file left behind');
  });

  it('falls back to the default for a missing, corrupt or nonsensical file', () => {
    const file = tmpFile();
    assert.deepEqual(loadWindowState(file), DEFAULT_WINDOW_STATE);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    for (const text of ['{', 'null', '{"bounds":{"width":"wide"}}', '{"bounds":{"width":1e999,"height":5}}']) {
      fs.writeFileSync(file, text);
      assert.deepEqual(loadWindowState(file), DEFAULT_WINDOW_STATE, text);
    }
    fs.writeFileSync(file, '{"bounds":{"width":10,"height":10}}');
    assert.deepEqual(loadWindowState(file).bounds, { width: 640, height: 480 }, 'never smaller than usable');
  });

  it('keeps a window that is on a screen, and brings back one whose screen is gone', () => {
    const laptop = { x: 0, y: 0, width: 1440, height: 860 };
    const external = { x: 1440, y: 0, width: 2560, height: 1400 };
    const onExternal: WindowState = { bounds: { x: 2000, y: 100, width: 1800, height: 1200 }, maximized: false };
    assert.deepEqual(fitToDisplays(onExternal, [laptop, external]), onExternal);
    const unplugged = fitToDisplays(onExternal, [laptop]);
    assert.deepEqual(unplugged, { bounds: { width: 1440, height: 860 }, maximized: false });
  });
});
