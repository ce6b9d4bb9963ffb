import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createApiContext } from '../../api/api-context';
import { engine } from '../../api/engine';
import { serveApi } from '../../api/http-transport';
import { holdLibraryForWriting } from '../../db/hold-library';
import { LibraryBusyError } from '../../safety/writer-lock';
import { resolveDbPath } from '../../api/db-path';
import type { RegisterCommand } from './index';

/** renderer/dist from the source tree (tsx) or from dist/ (compiled), or FACET_RENDERER_DIR. */
export function rendererDist(): string {
  if (process.env.FACET_RENDERER_DIR) return path.resolve(process.env.FACET_RENDERER_DIR);
  const candidates = [
    path.resolve(__dirname, '../../../renderer/dist'),
    path.resolve(__dirname, '../../../../renderer/dist'),
  ];
  return candidates.find((c) => fs.existsSync(path.join(c, 'index.html'))) ?? candidates[0];
}

function openBrowser(url: string): void {
  const cmd = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  try {
    spawn(cmd, [url], { detached: true, stdio: 'ignore' })
      .on('error', () => undefined)
      .unref();
  } catch {
    // No browser launcher: the printed URL is enough.
  }
}

/** `facet serve`: the app in a browser, on this machine only. */
export const registerServe: RegisterCommand = (program, setExitCode) => {
  program
    .command('serve')
    .description('serve the Facet UI and its API on http://127.0.0.1 (this machine only), with a per-launch token')
    .option('--db <file>', 'library database')
    .option('--port <n>', 'port (default: a free one)', '0')
    .option('--no-open', 'do not open a browser')
    .action(async (opts: { db?: string; port: string; open: boolean }) => {
      const port = Number(opts.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) {
        console.error(`facet: --port must be a whole number from 0 to 65535, got ${opts.port}`);
        return setExitCode(2);
      }
      const file = resolveDbPath(opts.db);
      // The UI writes (labels, scans, training) for as long as it is open: one writer per library.
      let held;
      try {
        held = holdLibraryForWriting(file, 'facet serve');
      } catch (err) {
        if (!(err instanceof LibraryBusyError)) throw err;
        console.error(`facet: ${err.message}`);
        return setExitCode(1);
      }
      const db = held.db;
      const ctx = createApiContext(db, () => engine.createFaceAnalyzer());
      const token = randomBytes(24).toString('base64url');
      const server = await serveApi({ ctx, token, staticDir: rendererDist(), port });
      console.log(`Facet is serving ${file}`);
      console.log(`Open ${server.url}`);
      if (opts.open) openBrowser(server.url);
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      ctx.jobs.cancelAll();
      await ctx.jobs.whenIdle(10_000);
      await server.close();
      await ctx.loadedAnalyzer()?.dispose();
      held.release();
    });
};
