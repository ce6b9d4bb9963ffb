/**
 * Training settings. The default is setting 1a of notes/finetune-experiment.md (linear adapter, Adam lr 1e-4,
 * μ‖W − I‖² with μ = 1e-2, 8 people x 4 faces, early stopping with the identity as a candidate): the only
 * setting that gained for labelled people at the smallest cost to unseen people.
 */
import type { HeadArch } from '../space/head';

export interface TrainSettings {
  readonly arch: HeadArch;
  /** Hidden width of the residual MLP (ignored by the linear head). */
  readonly hidden: number;
  readonly learningRate: number;
  /** Pull towards the identity: μ‖W − I‖² (linear) or μ(‖W2‖² + ‖b2‖²) (residual). */
  readonly mu: number;
  /** Triplet margin α. */
  readonly alpha: number;
  readonly batchPeople: number;
  readonly facesPerPerson: number;
  /**
   * Early stopping: the validation criterion is read every `evalEvery` steps (step 0 included)... The note read it
   * every 10; a reading costs ~4 ms on WASM (~30% of the 10 steps it follows) and 20 moves the chosen step by at
   * most 10 of the hundreds to thousands chosen.
   */
  readonly evalEvery: number;
  /** ...training stops after `patience` steps without a relative improvement of 1e-4... */
  readonly patience: number;
  /** ...or at `maxSteps`. */
  readonly maxSteps: number;
  /**
   * After early stopping, retrain on all the data for the chosen steps (the note's protocol). Off by default:
   * it doubles the time, and the snapshot at the best step is what the gate then measures.
   */
  readonly refit: boolean;
  /** Harmonic training (FaceNet §7): mix the parent's embeddings into triplet selection to stay comparable. */
  readonly compatibleWithParent: boolean;
  readonly seed: number;
}

export const DEFAULT_SETTINGS: TrainSettings = {
  arch: 'linear',
  hidden: 256,
  learningRate: 1e-4,
  mu: 1e-2,
  alpha: 0.2,
  batchPeople: 8,
  facesPerPerson: 4,
  evalEvery: 20,
  patience: 300,
  maxSteps: 3000,
  refit: false,
  compatibleWithParent: false,
  seed: 1,
};
