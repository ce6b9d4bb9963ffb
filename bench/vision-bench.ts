/**
 * Per-stage cost of the vision pipeline (decode excluded: detect, landmarks, align, describe) on face-api's demo
 * photos (22 faces, decoded at most 1024 px), for every CPU runtime that runs here (onnx-cpu, tfjs-wasm), and the
 * cost of flip test-time augmentation (describe with and without the mirrored chip). One warm-up pass, then the
 * median of `ROUNDS` passes.
 */
import { PipelineFaceAnalyzer, type StageTimes } from '../core/vision/face-analyzer';
import { resolveModelDir } from '../core/vision/model-files';
import { chooseRuntime } from '../core/vision/runtime';
import { decodeSamples } from '../core/vision/testing/sample-images';
import type { RuntimeName } from '../core/vision/types';

const ROUNDS = 3;
const STAGES = ['detect', 'landmarks', 'align', 'describe'] as const;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

export async function run(): Promise<void> {
  const images = await decodeSamples();
  const modelDir = resolveModelDir();
  for (const name of ['onnx-cpu', 'tfjs-wasm'] as RuntimeName[]) {
    const { info, runners } = await chooseRuntime({ runtime: name, modelDir });
    for (const flip of [true, false]) {
      const analyzer = new PipelineFaceAnalyzer(info, runners, flip);
      const perRound: StageTimes[] = [];
      for (let r = 0; r <= ROUNDS; r++) {
        Object.assign(analyzer.stageTimes, { images: 0, faces: 0, detect: 0, landmarks: 0, align: 0, describe: 0 });
        for (const image of images) await analyzer.analyze(image);
        if (r > 0) perRound.push({ ...analyzer.stageTimes });
      }
      const imgs = perRound[0].images;
      const faces = perRound[0].faces;
      const cells = STAGES.map((s) => `${s} ${(median(perRound.map((p) => p[s])) / imgs).toFixed(1)}`);
      const total = median(perRound.map((p) => STAGES.reduce((t, s) => t + p[s], 0))) / imgs;
      const perFaceDescribe = median(perRound.map((p) => p.describe)) / faces;
      console.log(
        `${name.padEnd(9)} flip=${flip ? 'on ' : 'off'} ms/image: ${cells.join(', ')}, total ${total.toFixed(1)} ` +
          `(${imgs} images, ${faces} faces; describe ${perFaceDescribe.toFixed(1)} ms/face) [${info.reason}]`,
      );
    }
    await runners.dispose();
  }
}
