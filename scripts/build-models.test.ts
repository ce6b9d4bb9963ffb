/**
 * The model build step: writes the three ONNX graphs (opset 13, float32 weights) and face-api's own weight files,
 * byte-for-byte the same on every run, and skips the work when nothing changed.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { onnx } from 'onnx-proto';
import { buildModels, ONNX_FILES } from './build-models';

describe('build-models', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'facet-models-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('converts the three networks to ONNX opset 13 with float32 weights, and copies face-api weights', async () => {
    assert.equal(await buildModels(dir, () => undefined), true);
    for (const file of [ONNX_FILES.detector, ONNX_FILES.landmarks, ONNX_FILES.recognition]) {
      const model = onnx.ModelProto.decode(fs.readFileSync(path.join(dir, file)));
      assert.deepEqual(
        model.opsetImport.map((o) => [o.domain, Number(o.version)]),
        [['', 13]],
      );
      const graph = model.graph!;
      const inputs = graph.input ?? [];
      const nodes = graph.node ?? [];
      assert.equal(inputs.length, 1);
      assert.equal(inputs[0].name, 'image');
      const types = new Set((graph.initializer ?? []).map((t) => t.dataType));
      for (const t of types) assert.ok([onnx.TensorProto.DataType.FLOAT, onnx.TensorProto.DataType.INT64].includes(t!));
      assert.ok(nodes.length > 20, `${file}: ${nodes.length} nodes`);
    }
    const copied = fs.readdirSync(path.join(dir, 'face-api')).sort();
    assert.equal(copied.length, 6);
    assert.ok(copied.includes('face_recognition_model.bin'));
  });

  it('writes an int8 SSD: int8 weights with per-channel scales in QDQ form, a quarter of the float32 size', () => {
    const bytes = fs.readFileSync(path.join(dir, ONNX_FILES.detectorInt8));
    const graph = onnx.ModelProto.decode(bytes).graph!;
    const T = onnx.TensorProto.DataType;
    const init = graph.initializer ?? [];
    const nodes = graph.node ?? [];
    const convs = nodes.filter((n) => n.opType === 'Conv');
    const int8Weights = init.filter((t) => t.dataType === T.INT8 && (t.dims ?? []).length === 4);
    // 27 backbone convs + 8 feature convs are integer; the 12 box/class predictors stay float32.
    assert.equal(convs.length, 47);
    assert.equal(int8Weights.length, 35);
    assert.equal(nodes.filter((n) => n.opType === 'QuantizeLinear').length, 36); // the image + 35 conv outputs
    const perChannel = nodes.filter(
      (n) => n.opType === 'DequantizeLinear' && (n.attribute ?? []).some((a) => a.name === 'axis'),
    );
    assert.equal(perChannel.length, 70); // weights and int32 biases
    const floatBytes = fs.statSync(path.join(dir, ONNX_FILES.detector)).size;
    assert.ok(bytes.length < floatBytes * 0.35, `int8 model ${bytes.length} bytes vs float32 ${floatBytes}`);
  });

  it('writes an int8 recognition net: every conv on int8 weights, activations calibrated, a quarter the size', () => {
    const bytes = fs.readFileSync(path.join(dir, ONNX_FILES.recognitionInt8));
    const graph = onnx.ModelProto.decode(bytes).graph!;
    const T = onnx.TensorProto.DataType;
    const nodes = graph.node ?? [];
    const int8Weights = (graph.initializer ?? []).filter((t) => t.dataType === T.INT8 && (t.dims ?? []).length === 4);
    // ResNet-34 as face-api has it: the stem, then 10 residual and 4 down blocks of two convs each.
    assert.equal(nodes.filter((n) => n.opType === 'Conv').length, 29);
    assert.equal(int8Weights.length, 29);
    assert.deepEqual(
      graph.output?.map((o) => o.name),
      ['descriptor'],
    );
    const floatBytes = fs.statSync(path.join(dir, ONNX_FILES.recognition)).size;
    assert.ok(bytes.length < floatBytes * 0.35, `int8 model ${bytes.length} bytes vs float32 ${floatBytes}`);
  });

  it('is idempotent: a second run does nothing, a missing output is rebuilt identically', async () => {
    const file = path.join(dir, ONNX_FILES.landmarks);
    const before = fs.readFileSync(file);
    const t0 = performance.now();
    assert.equal(await buildModels(dir, () => undefined), false);
    assert.ok(performance.now() - t0 < 2000, 'the up-to-date check should take well under two seconds');
    fs.rmSync(file);
    assert.equal(await buildModels(dir, () => undefined), true);
    assert.ok(fs.readFileSync(file).equals(before), 'rebuilt model differs from the first build');
  });
});
