/**
 * The analyzer on real photos with the real models (onnx-cpu, the runtime a CPU-only machine picks): every face of
 * face-api's demo photos is found where face-api itself finds it, descriptors are unit-length and deterministic,
 * and tight face crops are recovered by the padded retry.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { createFaceAnalyzer } from './index';
import { loadFaceApi } from './tfjs/face-api-tfjs';
import {
  cropImage,
  decodeImage,
  decodeSamples,
  ensureModels,
  iou,
  SAMPLE_FACE_COUNT,
  sharedDevCrops,
} from './testing/sample-images';
import type { AnalyzedFace, Box, FaceAnalyzer, RgbImage } from './types';

describe('FaceAnalyzer on onnx-cpu', () => {
  let analyzer: FaceAnalyzer;
  let images: RgbImage[];
  let faces: AnalyzedFace[][];

  before(async () => {
    const modelDir = await ensureModels();
    images = await decodeSamples();
    analyzer = await createFaceAnalyzer({ runtime: 'onnx-cpu', modelDir });
    faces = [];
    for (const image of images) faces.push(await analyzer.analyze(image));
  });
  after(() => analyzer?.dispose());

  it('reports the runtime it runs on', () => {
    assert.equal(analyzer.runtime.name, 'onnx-cpu');
    assert.equal(analyzer.runtime.gpu, false);
    assert.match(analyzer.runtime.reason, /onnxruntime-node .* CPU/);
  });

  it('finds all 22 faces of the demo photos, each where face-api itself finds one (IoU >= 0.5)', async () => {
    assert.equal(faces.flat().length, SAMPLE_FACE_COUNT);
    const { faceapi, tf } = await loadFaceApi('wasm');
    const net = new faceapi.SsdMobilenetv1();
    await net.loadFromDisk((await ensureModels()) + '/face-api');
    for (const [i, image] of images.entries()) {
      const input = (
        tf as unknown as { tensor3d(d: Uint8Array, s: number[], t: string): { dispose(): void } }
      ).tensor3d(image.data, [image.height, image.width, 3], 'int32');
      const reference = await net.locateFaces(input as never, { minConfidence: 0.5 });
      input.dispose();
      const refBoxes: Box[] = reference.map((d) => {
        const b = d.box;
        return { x: b.x, y: b.y, w: b.width, h: b.height };
      });
      assert.equal(faces[i].length, refBoxes.length, `sample${i + 1}: face count`);
      for (const face of faces[i]) {
        const best = Math.max(...refBoxes.map((r) => iou(face.box, r)));
        assert.ok(best >= 0.5, `sample${i + 1}: box ${JSON.stringify(face.box)} best IoU ${best.toFixed(2)}`);
      }
    }
    net.dispose();
  });

  it('returns boxes inside the image, 68 landmarks inside the box (roughly), scores above minScore', () => {
    for (const [i, list] of faces.entries()) {
      for (const f of list) {
        const { width, height } = images[i];
        assert.ok(
          f.box.x >= 0 && f.box.y >= 0 && f.box.x + f.box.w <= width + 1e-6 && f.box.y + f.box.h <= height + 1e-6,
        );
        assert.ok(f.score > 0.5 && f.score <= 1);
        assert.equal(f.landmarks.length, 136);
        // The nose tip (point 30) lies inside the detection box (give or take a fifth of it, for turned heads).
        const nx = f.landmarks[60];
        const ny = f.landmarks[61];
        const mx = f.box.w * 0.2;
        const my = f.box.h * 0.2;
        assert.ok(nx > f.box.x - mx && nx < f.box.x + f.box.w + mx && ny > f.box.y - my && ny < f.box.y + f.box.h + my);
        for (const k of ['size', 'sharpness', 'frontal', 'overall'] as const) {
          assert.ok(f.quality[k] >= 0 && f.quality[k] <= 1, `${k} = ${f.quality[k]}`);
        }
      }
    }
  });

  it('gives unit-length, deterministic descriptors', async () => {
    const again = await analyzer.analyze(images[0]);
    for (const [j, f] of faces[0].entries()) {
      assert.equal(f.descriptor.length, 128);
      const norm = Math.hypot(...f.descriptor);
      assert.ok(Math.abs(norm - 1) < 1e-5, `norm ${norm}`);
      assert.deepEqual(again[j].descriptor, f.descriptor);
      assert.deepEqual(again[j].box, f.box);
    }
  });

  it('scores a blurred copy of a photo lower on sharpness, face by face', async () => {
    const image = images[5];
    const blurred = await sharp(Buffer.from(image.data), {
      raw: { width: image.width, height: image.height, channels: 3 },
    })
      .blur(2)
      .raw()
      .toBuffer();
    const soft = await analyzer.analyze({ data: new Uint8Array(blurred), width: image.width, height: image.height });
    assert.equal(soft.length, faces[5].length);
    soft.forEach((f, i) => {
      assert.ok(
        f.quality.sharpness < faces[5][i].quality.sharpness / 2,
        `face ${i}: ${f.quality.sharpness} vs ${faces[5][i].quality.sharpness}`,
      );
      assert.ok(f.quality.overall < faces[5][i].quality.overall);
    });
  });

  it('honours minScore and minFaceSize', async () => {
    const strict = await analyzer.analyze(images[0], { minScore: 0.99 });
    assert.ok(strict.length < faces[0].length && strict.every((f) => f.score > 0.99));
    const big = await analyzer.analyze(images[0], { minFaceSize: 100 });
    assert.ok(big.every((f) => Math.min(f.box.w, f.box.h) >= 100));
    assert.ok(big.length < faces[0].length);
  });

  it('finds the face in a tight crop cut out of a photo (padded retry) and maps it back', async () => {
    const face = faces[0][0];
    const c = {
      x: Math.round(face.box.x + 4),
      y: Math.round(face.box.y + 4),
      w: Math.round(face.box.w - 8),
      h: Math.round(face.box.h - 8),
    };
    const crop = cropImage(images[0], c.x, c.y, c.w, c.h);
    const found = await analyzer.analyze(crop);
    assert.equal(found.length, 1);
    const f = found[0];
    assert.ok(f.box.x >= 0 && f.box.y >= 0 && f.box.x + f.box.w <= c.w + 1e-6 && f.box.y + f.box.h <= c.h + 1e-6);
    // Same person as in the full photo.
    let d = 0;
    for (let k = 0; k < 128; k++) d += (f.descriptor[k] - face.descriptor[k]) ** 2;
    assert.ok(Math.sqrt(d) < 0.4, `crop vs photo descriptor distance ${Math.sqrt(d).toFixed(3)}`);
  });

  it('the padded retry invents no face in small face-free windows of the photos', async () => {
    for (const [i, image] of images.entries()) {
      const clear = (x: number, y: number) =>
        faces[i].every(
          (f) =>
            x + 200 < f.box.x - 40 ||
            x > f.box.x + f.box.w + 40 ||
            y + 200 < f.box.y - 40 ||
            y > f.box.y + f.box.h + 40,
        );
      let window: [number, number] | null = null;
      for (let y = 0; y + 200 <= image.height && !window; y += 50)
        for (let x = 0; x + 200 <= image.width && !window; x += 50) if (clear(x, y)) window = [x, y];
      assert.ok(window, `sample${i + 1}: no face-free 200 px window`);
      const found = await analyzer.analyze(cropImage(image, window[0], window[1], 200, 200));
      assert.equal(found.length, 0, `sample${i + 1}: ${found.length} faces in background window ${window.join(',')}`);
    }
  });

  it('finds faces that fill a 224 px crop (../shared/faces/hard/fiw_kinship) with the wide grey retry', async (t) => {
    const dir = path.resolve(__dirname, '../../../shared/faces/hard/fiw_kinship');
    if (!fs.existsSync(dir)) return t.skip('../shared/faces/hard is absent: fiw_kinship check skipped');
    // Photos the edge-coloured borders left without a face (int8 SSD); the wide grey retry finds each one.
    const files = [
      'f0004_mid4/P00041_face2.jpg',
      'f0004_mid5/P00042_face2.jpg',
      'f0006_mid1/P00071_face1.jpg',
      'f0006_mid4/P00068_face2.jpg',
      'f0028_mid3/P00284_face2.jpg',
      'f0054_mid3/P00530_face4.jpg',
    ];
    for (const f of files) {
      const image = await decodeImage(path.join(dir, f));
      const found = await analyzer.analyze(image);
      assert.equal(found.length, 1, `${f}: ${found.length} faces`);
      const { box } = found[0];
      // The face fills the crop: a real find, not a speck in the grey border mapped back.
      assert.ok(box.w >= 0.4 * image.width && box.h >= 0.4 * image.height, `${f}: box ${JSON.stringify(box)}`);
      assert.ok(box.x >= 0 && box.y >= 0 && box.x + box.w <= image.width && box.y + box.h <= image.height);
    }
  });

  it('rejects a malformed image with a clear error', async () => {
    await assert.rejects(analyzer.analyze({ data: new Uint8Array(10), width: 4, height: 4 }), /expected 48/);
    await assert.rejects(analyzer.analyze({ data: new Uint8Array(0), width: 0, height: 0 }), /invalid image size/);
    await assert.rejects(analyzer.analyze(images[0], { minScore: 1.5 }), /minScore must be in \[0, 1\)/);
    await assert.rejects(analyzer.analyze(images[0], { minFaceSize: -3 }), /minFaceSize must be/);
  });

  it('recovers most 150 px dev crops (../shared/faces/dev) with the padded retry', async (t) => {
    const files = sharedDevCrops();
    if (!files) return t.skip('../shared/faces/dev is absent: dev-set check skipped');
    const all: RgbImage[] = [];
    for (const f of files) {
      const img = await decodeImage(f);
      if (img.width <= 160 && img.height <= 160) all.push(img);
    }
    assert.ok(all.length >= 30, `only ${all.length} small crops in the dev set`);
    // Every third crop keeps the test to seconds (all 40: 36 found, measured once).
    const crops = all.filter((_, i) => i % 3 === 0);
    let found = 0;
    for (const c of crops) if ((await analyzer.analyze(c)).length > 0) found++;
    t.diagnostic(`dev crops with a face: ${found}/${crops.length}`);
    assert.ok(found >= Math.ceil(crops.length * 0.8), `found faces in only ${found}/${crops.length} dev crops`);
  });
});
