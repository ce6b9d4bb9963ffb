/**
 * The gate's splits. Held-out PHOTOS of the labelled people (all faces of a photo fall on one side, so a group
 * photo never trains and tests at once), and folds of PEOPLE for the identity-disjoint cross-validation.
 */
import type { Rng } from '../verify/rng';
import { shuffled } from './val-criterion';

/**
 * Marks about `fraction` of each labelled person's photos as held out (at least one when the person has two or
 * more photos). Photos are visited in a seeded order; one is held out only if every person in it still needs a
 * held-out photo, so a photo's faces stay together. Rows with label < 0 are never held out.
 */
export function holdOutPhotos(photoIds: Int32Array, labels: Int32Array, fraction: number, rng: Rng): boolean[] {
  const photosOf = new Map<number, Set<number>>();
  const peopleOf = new Map<number, Set<number>>();
  labels.forEach((p, r) => {
    if (p < 0) return;
    const ph = photoIds[r];
    if (!photosOf.has(p)) photosOf.set(p, new Set());
    photosOf.get(p)!.add(ph);
    if (!peopleOf.has(ph)) peopleOf.set(ph, new Set());
    peopleOf.get(ph)!.add(p);
  });
  const want = new Map<number, number>();
  for (const [p, photos] of photosOf)
    want.set(p, photos.size >= 2 ? Math.max(1, Math.round(photos.size * fraction)) : 0);
  const held = new Set<number>();
  for (const ph of shuffled(
    [...peopleOf.keys()].sort((a, b) => a - b),
    rng,
  )) {
    const people = [...peopleOf.get(ph)!];
    if (people.every((p) => want.get(p)! > 0)) {
      held.add(ph);
      for (const p of people) want.set(p, want.get(p)! - 1);
    }
  }
  return Array.from(labels, (p, r) => p >= 0 && held.has(photoIds[r]));
}

/** Splits the people (label values >= 0) into k folds of near-equal size, seeded. */
export function peopleFolds(labels: Int32Array, k: number, rng: Rng): number[][] {
  const people = shuffled(
    [...new Set(Array.from(labels).filter((p) => p >= 0))].sort((a, b) => a - b),
    rng,
  );
  const folds: number[][] = Array.from({ length: Math.min(k, people.length) }, () => []);
  people.forEach((p, i) => folds[i % folds.length].push(p));
  return folds;
}

/** People (label values >= 0) with at least two faces: the ones that can give anchor-positive pairs. */
export function peopleWithTwoFaces(labels: Int32Array): number {
  const count = new Map<number, number>();
  for (const p of labels) if (p >= 0) count.set(p, (count.get(p) ?? 0) + 1);
  return [...count.values()].filter((c) => c >= 2).length;
}
