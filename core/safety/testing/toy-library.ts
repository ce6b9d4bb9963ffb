// A labelled library on disk for training tests: the training engineer's toy descriptors (9 people x 8 faces,
// user labels) plus unlabelled faces that carry machine guesses.
import { seedLibrary, type SeededFace } from '../../verify/testing/seed-library';
import { toyFaces } from '../../train/testing/toy-faces';
import { DESCRIPTOR_SIZE as D } from '../../vision/types';

export function writeToyLibrary(file: string): void {
  const { vectors, labels } = toyFaces({ kind: 'shared', people: 9, perPerson: 8 });
  const faces: SeededFace[] = Array.from(labels, (p, i) => ({
    descriptor: vectors.slice(i * D, (i + 1) * D),
    person: i % 8 === 7 ? (p + 1) % 9 : p, // the last face of each person is a machine guess (a wrong one)
    by: i % 8 === 7 ? 'machine' : 'user',
  }));
  seedLibrary(9, faces, file).db.close();
}
