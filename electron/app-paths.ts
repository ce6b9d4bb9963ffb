/**
 * Where the shell finds its parts, in development (`electron .` from the repository, compiled to dist/electron)
 * and packaged (inside app.asar, models beside it in the resources folder).
 */
import path from 'node:path';

export interface AppPaths {
  /** The built renderer (renderer/dist). */
  readonly bundleRoot: string;
  readonly preload: string;
  readonly engineWorker: string;
  /** The ONNX models (resources/models; `extraResources` puts them in <resources>/models when packaged). */
  readonly modelDir: string;
}

/**
 * @param compiledDir the folder of the compiled shell (dist/electron), i.e. `__dirname` of main.js
 * @param appPath Electron's `app.getAppPath()` (the repository root, or app.asar)
 * @param resourcesPath `process.resourcesPath` when packaged, null in development
 */
export function appPaths(compiledDir: string, appPath: string, resourcesPath: string | null): AppPaths {
  return {
    bundleRoot: path.join(appPath, 'renderer', 'dist'),
    preload: path.join(compiledDir, 'preload.js'),
    engineWorker: path.join(compiledDir, 'engine-worker.js'),
    modelDir: resourcesPath ? path.join(resourcesPath, 'models') : path.join(appPath, 'resources', 'models'),
  };
}
