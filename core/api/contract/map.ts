import { noArgs } from './common';

export interface MapPoint {
  readonly faceId: number;
  readonly personId: number | null;
  readonly x: number;
  readonly y: number;
}

export interface EmbeddingMap {
  readonly computedAt: number;
  /** Points are in [0, 1] x [0, 1]. */
  readonly points: MapPoint[];
  /** Faces in the library now (not rejected): more than the points when faces were found after the layout. */
  readonly facesNow: number;
}

export const mapOps = {
  /** Starts a UMAP layout of every face as a job; `map.get` returns it when done. */
  'map.compute': noArgs,
  'map.get': noArgs,
};

export interface MapResults {
  'map.compute': { jobId: string };
  'map.get': EmbeddingMap | null;
}
