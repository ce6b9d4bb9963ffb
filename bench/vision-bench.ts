/**
 * Per-stage cost of the vision pipeline (decode excluded: detect, landmarks, align, describe) on face-api's demo
 * photos (22 faces, decoded at most 1024 px), for every CPU runtime that runs here (onnx-cpu, tfjs-wasm), and the
 * cost of flip test-time augmentation (describe with and without the mirrored chip). One warm-up pass, then the
 * median of `ROUNDS` passes; wall-clock per stage, and the process's CPU time per image (all threads), which a
 * busy machine inflates less than wall-clock.
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
  const configs: { name: RuntimeName; threads?: number }[] = [
    { name: 'onnx-cpu', threads: 1 },
    { name: 'onnx-cpu' },
    { name: 'tfjs-wasm' },
  ];
  for (const { name, threads } of configs) {
    const { info, runners } = await chooseRuntime({ runtime: name, modelDir, threads });
    for (const flip of [true, false]) {
      const analyzer = new PipelineFaceAnalyzer(info, runners, flip);
      const perRound: StageTimes[] = [];
      const cpuPerRound: number[] = [];
      for (let r = 0; r <= ROUNDS; r++) {
        Object.assign(analyzer.stageTimes, {
          images: 0,
          faces: 0,
          detect: 0,
          landmarks: 0,
          align: 0,
          describe: 0,
          exactDetections: 0,
        });
        const cpu0 = process.cpuUsage();
        for (const image of images) await analyzer.analyze(image);
        const cpu = process.cpuUsage(cpu0);
        if (r > 0) perRound.push({ ...analyzer.stageTimes });
        if (r > 0) cpuPerRound.push((cpu.user + cpu.system) / 1000);
      }
      const imgs = perRound[0].images;
      const faces = perRound[0].faces;
      const cells = STAGES.map((s) => `${s} ${(median(perRound.map((p) => p[s])) / imgs).toFixed(1)}`);
      const total = median(perRound.map((p) => STAGES.reduce((t, s) => t + p[s], 0))) / imgs;
      const perFaceDescribe = median(perRound.map((p) => p.describe)) / faces;
      console.log(
        `${name.padEnd(9)} flip=${flip ? 'on ' : 'off'} ms/image: ${cells.join(', ')}, total ${total.toFixed(1)} ` +
          `(${imgs} images, ${faces} faces; describe ${perFaceDescribe.toFixed(1)} ms/face; ` +
          `CPU ${(median(cpuPerRound) / imgs).toFixed(1)} ms/image) [${info.reason.split(';')[0]}]`,
      );
    }
    await runners.dispose();
  }
}
