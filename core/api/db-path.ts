import os from 'node:os';
import path from 'node:path';

/** Where the library lives, for every transport (the CLI and the app's main process, which must not load the engine).
 * The platform's user-data folder for Facet (the same folder Electron's `app.getPath('userData')` gives). */
export function userDataDir(): string {
  const home = os.homedir();
  switch (process.platform) {
    case 'win32':
      return path.join(process.env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'Facet');
    case 'darwin':
      return path.join(home, 'Library', 'Application Support', 'Facet');
    default:
      return path.join(process.env.XDG_CONFIG_HOME ?? path.join(home, '.config'), 'Facet');
  }
}

/** `--db` wins, then FACET_DB, then the user-data folder. */
export function resolveDbPath(flag?: string): string {
  return path.resolve(flag ?? process.env.FACET_DB ?? path.join(userDataDir(), 'library.db'));
}
