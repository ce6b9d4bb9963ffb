/** The runtime choice: auto picks the fastest that starts and says why; FACET_RUNTIME forces one or fails clearly. */
import assert from 'node:assert/strict';
import { afterEach, before, describe, it } from 'node:test';
import { chooseRuntime, parseRuntimeName } from './runtime';
import { isTfjsNodeGpuInstalled } from './tfjs/face-api-tfjs';
import { ensureModels } from './testing/sample-images';

describe('chooseRuntime', () => {
  let modelDir: string;
  const saved = process.env.FACET_RUNTIME;
  before(async () => {
    modelDir = await ensureModels();
  });
  afterEach(() => {
    if (saved === undefined) delete process.env.FACET_RUNTIME;
    else process.env.FACET_RUNTIME = saved;
  });

  it('auto: the first runtime that starts, with the reasons the faster ones did not', async () => {
    delete process.env.FACET_RUNTIME;
    const { info, runners } = await chooseRuntime({ runtime: 'auto', modelDir });
    await runners.dispose();
    if (info.name === 'onnx-cpu') {
      // No GPU provider started here: the reason names both and why.
      assert.match(info.reason, /onnx-cuda: .+/);
      assert.match(info.reason, /onnx-webgpu: .+/);
      assert.equal(info.gpu, false);
    } else {
      assert.ok(['onnx-cuda', 'onnx-dml', 'onnx-coreml', 'onnx-webgpu'].includes(info.name), `auto chose ${info.name}`);
      assert.equal(info.gpu, true);
    }
  });

  it('FACET_RUNTIME forces a runtime, over the option', async () => {
    process.env.FACET_RUNTIME = 'tfjs-wasm';
    const { info, runners } = await chooseRuntime({ runtime: 'onnx-cpu', modelDir });
    await runners.dispose();
    assert.equal(info.name, 'tfjs-wasm');
    assert.match(info.reason, /forced by FACET_RUNTIME/);
  });

  it('a forced runtime that cannot start is an error, not a silent fallback', async (t) => {
    if (isTfjsNodeGpuInstalled()) return t.skip('tfjs-node-gpu is installed here');
    process.env.FACET_RUNTIME = 'tfjs-node-gpu';
    await assert.rejects(
      chooseRuntime({ modelDir }),
      /tfjs-node-gpu \(forced by FACET_RUNTIME\) cannot start: .*not installed/,
    );
  });

  it('rejects an unknown runtime name', async () => {
    assert.throws(() => parseRuntimeName('onnx-tpu'), /unknown runtime 'onnx-tpu'/);
    process.env.FACET_RUNTIME = 'fast';
    await assert.rejects(chooseRuntime({ modelDir }), /unknown runtime 'fast'/);
  });

  it('fails clearly when the models are missing', async () => {
    delete process.env.FACET_RUNTIME;
    await assert.rejects(
      chooseRuntime({ runtime: 'onnx-cpu', modelDir: '/nonexistent' }),
      /model file missing.*build:models/,
    );
  });
});
