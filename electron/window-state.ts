/**
 * The main window's size, position and maximised state, kept in a small JSON file in the user-data folder so
 * that the window reopens where the user left it, and put back on a screen when that screen is gone.
 */
import fs from 'node:fs';
import path from 'node:path';

export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface WindowState {
  /** Absent until the window has been placed once: the OS then centres it. */
  readonly bounds: Partial<Pick<Rect, 'x' | 'y'>> & Pick<Rect, 'width' | 'height'>;
  readonly maximized: boolean;
}

export const DEFAULT_WINDOW_STATE: WindowState = { bounds: { width: 1280, height: 840 }, maximized: false };
const MIN_WIDTH = 640;
const MIN_HEIGHT = 480;

function finite(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

/** Reads the saved state; anything missing, unreadable or malformed gives the default (never throws). */
export function loadWindowState(file: string): WindowState {
  try {
    const raw = JSON.parse(fs.readFileSync(file, 'utf8')) as { bounds?: Record<string, unknown>; maximized?: unknown };
    const b = raw.bounds ?? {};
    if (!finite(b.width) || !finite(b.height)) return DEFAULT_WINDOW_STATE;
    const width = Math.max(MIN_WIDTH, Math.round(b.width));
    const height = Math.max(MIN_HEIGHT, Math.round(b.height));
    const bounds =
      finite(b.x) && finite(b.y) ? { x: Math.round(b.x), y: Math.round(b.y), width, height } : { width, height };
    return { bounds, maximized: raw.maximized === true };
  } catch {
    return DEFAULT_WINDOW_STATE;
  }
}

/** Writes the state atomically (temp file + rename), so a crash never leaves half a file. */
export function saveWindowState(file: string, state: WindowState): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(state));
  fs.renameSync(tmp, file);
}

function overlap(a: Rect, b: Rect): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

/**
 * Keeps saved bounds only if a usable part of the window (its title bar area included) is on one of the
 * displays' work areas; otherwise drops the position (the OS centres it) and shrinks it to the primary display.
 */
export function fitToDisplays(state: WindowState, workAreas: readonly Rect[]): WindowState {
  const primary = workAreas[0];
  if (!primary) return state;
  const width = Math.min(state.bounds.width, primary.width);
  const height = Math.min(state.bounds.height, primary.height);
  const { x, y } = state.bounds;
  if (x !== undefined && y !== undefined) {
    const titleBar = { x, y, width: state.bounds.width, height: 40 };
    if (workAreas.some((area) => overlap(titleBar, area) >= Math.min(100 * 40, titleBar.width * 40))) {
      return state;
    }
  }
  return { bounds: { width, height }, maximized: state.maximized };
}
