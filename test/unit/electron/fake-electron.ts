/**
 * A stand-in for the `electron` module (the real one cannot load here): just enough of the
 * API for the glue, recording what the glue asks for so tests can check it.
 */
import { EventEmitter } from 'node:events';
import { vi } from 'vitest';

export class FakeEvent {
  defaultPrevented = false;
  constructor(public readonly url = '') {}
  preventDefault(): void {
    this.defaultPrevented = true;
  }
}

let nextRoutingId = 1;

export class FakeWebContents extends EventEmitter {
  readonly mainFrame = {
    processId: 7,
    routingId: nextRoutingId++,
    url: 'app://ccr/index.html',
    parent: null,
  };
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  readonly sent: [string, unknown][] = [];
  destroyed = false;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }
  send(channel: string, payload: unknown): void {
    this.sent.push([channel, payload]);
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  getURL(): string {
    return this.mainFrame.url;
  }
}

export class BrowserWindow extends EventEmitter {
  static instances: BrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  loadedUrl: string | null = null;
  destroyed = false;
  focused = false;
  constructor(public readonly options: Record<string, unknown>) {
    super();
    BrowserWindow.instances.push(this);
  }
  async loadURL(url: string): Promise<void> {
    this.loadedUrl = url;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  getNormalBounds() {
    return { x: 10, y: 20, width: 1000, height: 700 };
  }
  isMaximized(): boolean {
    return false;
  }
  isMinimized(): boolean {
    return false;
  }
  isFocused(): boolean {
    return this.focused;
  }
  restore(): void {}
  show(): void {}
  focus(): void {}
  maximize(): void {}
}

type Handler = (event: unknown, ...args: unknown[]) => Promise<unknown>;
export const ipcMain = {
  handlers: new Map<string, Handler>(),
  handle(channel: string, handler: Handler): void {
    if (this.handlers.has(channel))
      throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, handler);
  },
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  },
};

export const shell = { openExternal: vi.fn(async (_url: string) => {}) };

export const screen = {
  getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }],
};

class FakeSession extends EventEmitter {
  permissionRequestHandler:
    | ((wc: unknown, permission: string, cb: (ok: boolean) => void, details: unknown) => void)
    | null = null;
  permissionCheckHandler: ((...args: unknown[]) => boolean) | null = null;
  devicePermissionHandler: ((...args: unknown[]) => boolean) | null = null;
  headersListener:
    | ((details: { responseHeaders?: Record<string, string[]> }, cb: (r: unknown) => void) => void)
    | null = null;
  setPermissionRequestHandler(h: FakeSession['permissionRequestHandler']): void {
    this.permissionRequestHandler = h;
  }
  setPermissionCheckHandler(h: FakeSession['permissionCheckHandler']): void {
    this.permissionCheckHandler = h;
  }
  setDevicePermissionHandler(h: FakeSession['devicePermissionHandler']): void {
    this.devicePermissionHandler = h;
  }
  webRequest = {
    onHeadersReceived: (l: FakeSession['headersListener']) => {
      this.headersListener = l;
    },
  };
}
export const session = { defaultSession: new FakeSession() };

export const protocol = {
  privileged: [] as unknown[],
  handlers: new Map<string, (req: Request) => Promise<Response>>(),
  registerSchemesAsPrivileged(schemes: unknown[]): void {
    this.privileged.push(...schemes);
  },
  handle(scheme: string, handler: (req: Request) => Promise<Response>): void {
    this.handlers.set(scheme, handler);
  },
};

class FakeApp extends EventEmitter {
  isPackaged = false;
  lock = true;
  quitCalls = 0;
  exitCodes: number[] = [];
  badge = 0;
  recent: string[] = [];
  userData = '/nonexistent';
  sandboxed = false;
  enableSandbox(): void {
    this.sandboxed = true;
  }
  requestSingleInstanceLock(): boolean {
    return this.lock;
  }
  quit(): void {
    this.quitCalls++;
  }
  exit(code = 0): void {
    this.exitCodes.push(code);
  }
  whenReady(): Promise<void> {
    return Promise.resolve();
  }
  getPath(_name: string): string {
    return this.userData;
  }
  getVersion(): string {
    return '0.0.0-test';
  }
  getName(): string {
    return 'Claude Code Runner';
  }
  setBadgeCount(n: number): boolean {
    this.badge = n;
    return true;
  }
  addRecentDocument(path: string): void {
    this.recent.push(path);
  }
}
export const app = new FakeApp();

export const dialog = {
  showOpenDialog: vi.fn(async (..._args: unknown[]) => ({
    canceled: false,
    filePaths: ['/picked/folder'],
  })),
  showMessageBox: vi.fn(async (..._args: unknown[]) => ({ response: 0 })),
};

export const Menu = {
  template: null as unknown,
  buildFromTemplate: (template: unknown) => ({ template }),
  setApplicationMenu(menu: { template: unknown }): void {
    this.template = menu.template;
  },
};

export class Notification {
  static shown: { title: string; body: string }[] = [];
  static isSupported(): boolean {
    return true;
  }
  constructor(private readonly options: { title: string; body: string }) {}
  show(): void {
    Notification.shown.push(this.options);
  }
}

export default {
  app,
  BrowserWindow,
  ipcMain,
  shell,
  screen,
  session,
  protocol,
  dialog,
  Menu,
  Notification,
};
