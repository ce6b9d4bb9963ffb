// The dependency direction between core's folders (DESIGN.md): no folder reaches, through any chain of imports,
// back to itself, and the app's main process does not reach into the CLI. Imports are read with TypeScript's own
// pre-processor (static, dynamic and type-only imports alike). Tests and `testing/` helpers are left out: they
// sit above everything and drive the engine from outside (a child process that runs the CLI, a toy library).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import ts from 'typescript';

const CORE = path.resolve(__dirname);
const REPO = path.dirname(CORE);

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'testing' && entry.name !== 'node_modules') out.push(...sourceFiles(p));
    } else if (/\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts')) {
      out.push(p);
    }
  }
  return out;
}

/** Relative imports of a file, resolved to absolute paths (without extension). */
function importsOf(file: string): string[] {
  const info = ts.preProcessFile(fs.readFileSync(file, 'utf8'), true, true);
  return info.importedFiles
    .map((f) => f.fileName)
    .filter((spec) => spec.startsWith('.'))
    .map((spec) => path.resolve(path.dirname(file), spec));
}

/** Folder → folder edges, each with the imports that make it. */
function folderGraph(): Map<string, Map<string, string[]>> {
  const graph = new Map<string, Map<string, string[]>>();
  for (const file of sourceFiles(CORE)) {
    const from = path.relative(CORE, file).split(path.sep)[0];
    for (const target of importsOf(file)) {
      const rel = path.relative(CORE, target);
      if (rel.startsWith('..')) continue;
      const to = rel.split(path.sep)[0];
      if (to === from || !fs.existsSync(path.join(CORE, to)) || !fs.statSync(path.join(CORE, to)).isDirectory())
        continue;
      const edges = graph.get(from) ?? new Map<string, string[]>();
      graph.set(from, edges);
      edges.set(to, [...(edges.get(to) ?? []), `${path.relative(REPO, file)} imports ${rel}`]);
    }
  }
  return graph;
}

/** Every strongly connected group of more than one folder (Tarjan), each with the imports inside it. */
function cycles(graph: Map<string, Map<string, string[]>>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const groups: string[][] = [];
  let next = 0;
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v)?.keys() ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const group: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        group.push(w);
      } while (w !== v);
      if (group.length > 1) groups.push(group.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return groups;
}

test('no cycle between core folders', () => {
  const graph = folderGraph();
  const found = cycles(graph).map((group) => {
    const inside = group.flatMap((a) => group.flatMap((b) => graph.get(a)?.get(b) ?? []));
    return `${group.join(' ↔ ')}:\n  ${inside.join('\n  ')}`;
  });
  assert.deepEqual(found, []);
});

test('the cycle finder finds a cycle (so the test above can fail)', () => {
  const g = new Map([
    ['a', new Map([['b', ['x']]])],
    ['b', new Map([['c', ['y']]])],
    ['c', new Map([['a', ['z']]])],
    ['d', new Map([['a', ['w']]])],
  ]);
  assert.deepEqual(cycles(g), [['a', 'b', 'c']]);
});

test('the graph sees the folders it should (a broken reader would find no edge and so no cycle)', () => {
  const graph = folderGraph();
  assert.ok(graph.get('api')?.has('db'), 'api imports db');
  assert.ok(graph.get('cli')?.has('api'), 'cli imports api');
});

test("the app's main process does not import the CLI", () => {
  const electron = path.join(REPO, 'electron');
  const offending = sourceFiles(electron).flatMap((file) =>
    importsOf(file)
      .filter((t) => path.relative(CORE, t).split(path.sep)[0] === 'cli' && !path.relative(CORE, t).startsWith('..'))
      .map((t) => `${path.relative(REPO, file)} imports ${path.relative(REPO, t)}`),
  );
  assert.deepEqual(offending, []);
});
