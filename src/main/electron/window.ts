/**
 * The main window: secure options, hardened contents, remembered bounds.
 */
import { BrowserWindow, screen } from 'electron';
import { hardenWebContents } from './hardening';
import { APP_URL, secureWebPreferences } from './security';
import { DEFAULT_SIZE, type WindowState, loadWindowState, saveWindowState } from './window-state';

export interface MainWindowOptions {
  preload: string;
  statePath: string;
  isPackaged: boolean;
  /** The dev server URL in `npm run dev`; the app protocol otherwise. */
  devUrl?: string;
  log(message: string): void;
}

export async function createMainWindow(options: MainWindowOptions): Promise<BrowserWindow> {
  const areas = screen.getAllDisplays().map((d) => d.workArea);
  const state = await loadWindowState(options.statePath, areas);
  const bounds = state?.bounds;
  const win = new BrowserWindow({
    width: bounds?.width ?? DEFAULT_SIZE.width,
    height: bounds?.height ?? DEFAULT_SIZE.height,
    ...(bounds && Number.isFinite(bounds.x) ? { x: bounds.x, y: bounds.y } : {}),
    minWidth: 760,
    minHeight: 480,
    show: false,
    title: 'Claude Code Runner',
    backgroundColor: '#1b1d23',
    webPreferences: secureWebPreferences(options.preload, !options.isPackaged),
  });
  hardenWebContents(win.webContents, options.devUrl ? new URL(options.devUrl).origin : undefined);
  win.once('ready-to-show', () => {
    if (state?.maximized) win.maximize();
    win.show();
  });
  trackBounds(win, options);
  return win;
}

/** Loads the app's page; call after IPC is connected, so the page's first calls find it. */
export function loadApp(win: BrowserWindow, devUrl?: string): Promise<void> {
  return win.loadURL(devUrl ?? APP_URL);
}

function trackBounds(win: BrowserWindow, options: MainWindowOptions): void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const current = (): WindowState => ({
    bounds: win.getNormalBounds(),
    maximized: win.isMaximized(),
  });
  const save = (state: WindowState) =>
    saveWindowState(options.statePath, state).catch((err: unknown) =>
      options.log(`could not save the window state: ${String(err)}`),
    );
  const later = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (!win.isDestroyed()) void save(current());
    }, 500);
  };
  win.on('resize', later);
  win.on('move', later);
  win.on('close', () => {
    clearTimeout(timer);
    void save(current());
  });
}
