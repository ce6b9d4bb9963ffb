/**
 * The portable labels file (`facet labels export`): every label a user gave, keyed by what survives a rebuilt
 * database or a moved library (the photo's content hash, then its path) rather than by database ids.
 */
import { z } from 'zod';

export const LABELS_FORMAT = 'facet-labels';
export const LABELS_VERSION = 1;

const finite = z.number().finite();

export const LabelBoxSchema = z.object({
  x: finite,
  y: finite,
  w: finite.positive(),
  h: finite.positive(),
});

export const LabelPersonSchema = z.object({
  /** Local to the file: faces refer to people by it. */
  key: z.string().min(1),
  name: z.string().nullable(),
  hidden: z.boolean().default(false),
});

export const LabelFaceSchema = z.object({
  /** In pixels of the photo as displayed (EXIF orientation applied), for a photo of `width` x `height`. */
  box: LabelBoxSchema,
  /** The person the user put this face in, or null. */
  person: z.string().nullable(),
  /** The user said this is not a face (or not one to keep). */
  rejected: z.boolean().default(false),
  /** People the user said this face is not. */
  notPerson: z.array(z.string()).default([]),
});

export const LabelPhotoSchema = z.object({
  hash: z.string().nullable(),
  path: z.string(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  faces: z.array(LabelFaceSchema),
});

export const LabelsFileSchema = z
  .object({
    format: z.literal(LABELS_FORMAT),
    version: z.number().int().min(1).max(LABELS_VERSION),
    exportedAt: z.string(),
    people: z.array(LabelPersonSchema),
    photos: z.array(LabelPhotoSchema),
  })
  .superRefine((file, ctx) => {
    const keys = new Set(file.people.map((p) => p.key));
    if (keys.size !== file.people.length) ctx.addIssue({ code: 'custom', message: 'people keys must be unique' });
    file.photos.forEach((photo, i) =>
      photo.faces.forEach((face, j) => {
        for (const k of [face.person, ...face.notPerson])
          if (k !== null && !keys.has(k))
            ctx.addIssue({ code: 'custom', path: ['photos', i, 'faces', j], message: `unknown person key ${k}` });
      }),
    );
  });

export type LabelsFile = z.infer<typeof LabelsFileSchema>;
export type LabelPhoto = z.infer<typeof LabelPhotoSchema>;
export type LabelFace = z.infer<typeof LabelFaceSchema>;
export type LabelPerson = z.infer<typeof LabelPersonSchema>;

export class LabelsFileError extends Error {
  override name = 'LabelsFileError';
}

/** Parses and validates a labels file's text; the error names the first problems and where they are. */
export function parseLabelsFile(text: string, source = 'labels file'): LabelsFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new LabelsFileError(`${source} is not JSON (${(err as Error).message})`, { cause: err });
  }
  const r = LabelsFileSchema.safeParse(json);
  if (r.success) return r.data;
  const issues = r.error.issues
    .slice(0, 3)
    .map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`)
    .join('; ');
  throw new LabelsFileError(`${source} is not a Facet labels file: ${issues}`);
}
