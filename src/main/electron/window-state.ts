/**
 * The main window's size and position, remembered across launches in a JSON file in the
 * user-data folder (written atomically). Restored only if it is still on a screen.
 */
import { z } from 'zod';
import { readJsonFile, writeJsonFileAtomic } from '../app/json-file';

const Bounds = z.object({
  x: z.number().int(),
  y: z.number().int(),
  width: z.number().int().min(400).max(20000),
  height: z.number().int().min(300).max(20000),
});
const WindowState = z.object({ bounds: Bounds, maximized: z.boolean().default(false) });
export type WindowState = z.infer<typeof WindowState>;
export type Rect = z.infer<typeof Bounds>;

export const DEFAULT_SIZE = { width: 1280, height: 820 };

export async function loadWindowState(
  file: string,
  workAreas: Rect[],
): Promise<WindowState | null> {
  const parsed = WindowState.safeParse(await readJsonFile(file));
  if (!parsed.success) return null;
  // A monitor that is gone would put the window off screen: keep the size, drop the position.
  const visible = workAreas.some((area) => overlaps(parsed.data.bounds, area));
  if (visible) return parsed.data;
  const { width, height } = parsed.data.bounds;
  return {
    bounds: { x: Number.NaN, y: Number.NaN, width, height },
    maximized: parsed.data.maximized,
  };
}

export function saveWindowState(file: string, state: WindowState): Promise<void> {
  return writeJsonFileAtomic(file, state);
}

function overlaps(a: Rect, b: Rect): boolean {
  const minVisible = 64;
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w >= minVisible && h >= minVisible;
}
