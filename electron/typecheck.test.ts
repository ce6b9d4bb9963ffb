import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import ts from 'typescript';

/*
 * The shell must compile without the Electron binary: electron.d.ts ships with the npm package. This checks every
 * electron/*.ts (and what it imports from core/) with the root tsconfig's options, reporting errors in electron/.
 */
describe('electron/ typechecks with the root tsconfig', () => {
  it('has no type errors', () => {
    const root = path.join(__dirname, '..');
    const parsed = ts.getParsedCommandLineOfConfigFile(
      path.join(root, 'tsconfig.json'),
      {},
      { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} },
    );
    assert.ok(parsed, 'tsconfig.json parses');
    const electronDir = path.join(root, 'electron') + path.sep;
    const files = parsed.fileNames.filter((f) => path.resolve(f).startsWith(electronDir));
    assert.ok(files.some((f) => f.endsWith('main.ts')) && files.some((f) => f.endsWith('preload.ts')));
    const program = ts.createProgram(files, { ...parsed.options, noEmit: true });
    const errors = ts
      .getPreEmitDiagnostics(program)
      .filter((d) => d.file && path.resolve(d.file.fileName).startsWith(electronDir))
      .map((d) => `${path.relative(root, d.file!.fileName)}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
    assert.deepEqual(errors, []);
  });
});
