/**
 * The library walk: every photo file under a folder, recursively. Skips hidden and system folders, follows
 * symbolic links without looping (directories are identified by device + inode), and survives unreadable
 * folders: it reports them, so that the photos under them are not mistaken for deleted ones.
 */
import fs from 'node:fs';
import path from 'node:path';
import { kindOfName } from './formats';
import { fromFsBytes, toFsPath } from '../files/fs-name';

/** Folder names that hold no user photos (NAS thumbnails, trash, OS metadata, dependencies). */
const SYSTEM_DIRS = new Set([
  '@eadir',
  '#recycle',
  '#snapshot',
  '$recycle.bin',
  'system volume information',
  'lost+found',
  'node_modules',
  '__macosx',
]);

export function isSkippedDirName(name: string): boolean {
  return name.startsWith('.') || SYSTEM_DIRS.has(name.toLowerCase());
}

export interface WalkedFile {
  readonly path: string;
  readonly size: number;
  /** Modification time, whole milliseconds. */
  readonly mtime: number;
  /** Set when the extension is a photo format this build cannot decode (e.g. HEIC, RAW). */
  readonly unsupported?: string;
}

export interface WalkResult {
  readonly files: WalkedFile[];
  /** Folders that could not be listed, with the reason: their photos must not be treated as gone. */
  readonly unreadable: { path: string; reason: string }[];
  /** True when the walk ran to the end (not aborted, root readable). */
  readonly complete: boolean;
}

/** Walks `root` (absolute). Stops early when `signal` aborts (complete = false). */
export async function walkFolder(root: string, signal?: AbortSignal): Promise<WalkResult> {
  const files: WalkedFile[] = [];
  const unreadable: { path: string; reason: string }[] = [];
  const seenDirs = new Set<string>();
  let rootOk = true;

  const visit = async (dir: string, isRoot: boolean): Promise<void> => {
    if (signal?.aborted) return;
    let entries: { name: string; dirent: fs.Dirent }[];
    try {
      const st = await fs.promises.stat(toFsPath(dir));
      const key = `${st.dev}:${st.ino}`;
      if (seenDirs.has(key)) return; // a symlink back into the tree
      seenDirs.add(key);
      // Names as bytes: one that is not valid UTF-8 is kept exactly (fs-name.ts), not mangled and lost.
      const raw = (await fs.promises.readdir(toFsPath(dir), {
        withFileTypes: true,
        encoding: 'buffer',
      })) as unknown as fs.Dirent[];
      entries = raw.map((dirent) => ({ name: fromFsBytes(dirent.name as unknown as Buffer), dirent }));
    } catch (err) {
      if (isRoot) rootOk = false;
      unreadable.push({ path: dir, reason: describeFsError(err) });
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const { name, dirent: e } of entries) {
      if (signal?.aborted) return;
      const full = path.join(dir, name);
      let isDir = e.isDirectory();
      let isFile = e.isFile();
      if (e.isSymbolicLink()) {
        try {
          const st = await fs.promises.stat(toFsPath(full));
          isDir = st.isDirectory();
          isFile = st.isFile();
        } catch {
          continue; // dangling link
        }
      }
      if (isDir) {
        if (!isSkippedDirName(name)) await visit(full, false);
        continue;
      }
      if (!isFile || name.startsWith('.')) continue; // ._IMG.jpg AppleDouble files, sockets, devices
      const kind = kindOfName(name);
      if (kind.kind === 'other') continue;
      try {
        const st = await fs.promises.stat(toFsPath(full));
        files.push({
          path: full,
          size: st.size,
          mtime: Math.floor(st.mtimeMs),
          ...(kind.kind === 'unsupported' ? { unsupported: kind.format } : {}),
        });
      } catch {
        // vanished between readdir and stat: it is simply not there
      }
    }
  };

  await visit(root, true);
  return { files, unreadable, complete: rootOk && !signal?.aborted };
}

export function describeFsError(err: unknown): string {
  const code = (err as NodeJS.ErrnoException)?.code;
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOENT':
      return 'not found (deleted, or a drive that is not mounted)';
    case 'ENOTDIR':
      return 'not a folder';
    case 'ELOOP':
      return 'symbolic link loop';
    default:
      return (err as Error)?.message ?? String(err);
  }
}
