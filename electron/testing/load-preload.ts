/**
 * Compiles electron/preload.ts with the project's TypeScript settings and runs it the way a sandboxed renderer
 * does: a function of (require, process, Buffer, global, setImmediate, clearImmediate, exports, module) whose
 * `require` knows only 'electron'. Records every module the preload asks for and everything it exposes.
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

export interface PreloadRun {
  readonly required: string[];
  readonly exposed: Map<string, unknown>;
}

export function runPreloadSandboxed(electron: { ipcRenderer: unknown; webUtils?: unknown }): PreloadRun {
  const file = path.join(__dirname, '..', 'preload.ts');
  const configFile = path.join(__dirname, '..', '..', 'tsconfig.json');
  const config = ts.getParsedCommandLineOfConfigFile(
    configFile,
    {},
    { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} },
  );
  if (!config) throw new Error('cannot read tsconfig.json');
  const js = ts.transpileModule(fs.readFileSync(file, 'utf8'), {
    compilerOptions: { ...config.options, sourceMap: false, inlineSourceMap: false },
    fileName: file,
  }).outputText;

  const required: string[] = [];
  const exposed = new Map<string, unknown>();
  const contextBridge = {
    exposeInMainWorld(key: string, api: unknown) {
      if (exposed.has(key)) throw new Error(`Cannot bind an API on top of an existing property on the window object`);
      exposed.set(key, api);
    },
  };
  const sandboxRequire = (name: string) => {
    required.push(name);
    if (name === 'electron') return { ...electron, contextBridge };
    throw new Error(`module not found: ${name} (a sandboxed preload may only require 'electron')`);
  };
  const module = { exports: {} as Record<string, unknown> };
  const params = ['require', 'process', 'Buffer', 'global', 'setImmediate', 'clearImmediate', 'exports', 'module'];
  const run = new Function(...params, js) as (...args: unknown[]) => void;
  run(sandboxRequire, { platform: process.platform }, Buffer, {}, setImmediate, clearImmediate, module.exports, module);
  return { required, exposed };
}
