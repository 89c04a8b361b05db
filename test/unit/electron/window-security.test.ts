/**
 * The Electron glue against a stand-in electron module: the window is created with the secure
 * options, and everything that could take the page elsewhere or grant it more is refused.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFinished, vi } from 'vitest';

vi.mock('electron', () => import('./fake-electron'));

import * as fake from './fake-electron';
import { createMainWindow } from '../../../src/main/electron/window';
import { hardenSession, hardenWebContents } from '../../../src/main/electron/hardening';
import { electronHandlers } from '../../../src/main/electron/handlers';
import { safeExternalUrl, ELECTRON_CSP } from '../../../src/main/electron/security';
import { tempCore } from '../../helpers/temp-core';
import type { CallContext } from '../../../src/shared/contract';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ccr-electron-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});
beforeEach(() => {
  fake.shell.openExternal.mockClear();
});

describe('main window', () => {
  it('is created with the secure web preferences and loads the app protocol only after IPC', async () => {
    const win = (await createMainWindow({
      preload: '/app/out/preload/index.cjs',
      statePath: join(dir, 'window.json'),
      isPackaged: true,
      log: () => {},
    })) as unknown as fake.BrowserWindow;
    const prefs = win.options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      devTools: false,
    });
    expect(win.loadedUrl).toBeNull();
  });

  it('keeps devtools for development builds only', async () => {
    const win = (await createMainWindow({
      preload: '/p',
      statePath: join(dir, 'w2.json'),
      isPackaged: false,
      log: () => {},
    })) as unknown as fake.BrowserWindow;
    expect((win.options.webPreferences as Record<string, unknown>).devTools).toBe(true);
  });
});

describe('web contents hardening', () => {
  const contents = () => {
    const wc = new fake.FakeWebContents();
    hardenWebContents(wc as never);
    return wc;
  };

  it('blocks every navigation, foreign frame navigations and webviews', () => {
    const wc = contents();
    for (const url of ['https://evil.example/', 'app://ccr/index.html', 'file:///etc/passwd']) {
      const event = new fake.FakeEvent(url);
      wc.emit('will-navigate', event, url);
      expect(event.defaultPrevented, url).toBe(true);
    }
    const frameNav = new fake.FakeEvent('https://evil.example/');
    wc.emit('will-frame-navigate', frameNav);
    expect(frameNav.defaultPrevented).toBe(true);
    const redirect = new fake.FakeEvent();
    wc.emit('will-redirect', redirect, 'https://evil.example/');
    expect(redirect.defaultPrevented).toBe(true);
    const webview = new fake.FakeEvent();
    wc.emit('will-attach-webview', webview, {}, {});
    expect(webview.defaultPrevented).toBe(true);
  });

  it('denies every new window; https links go to the browser, nothing else does', () => {
    const wc = contents();
    expect(wc.windowOpenHandler!({ url: 'https://github.com/o/r/pull/1' })).toEqual({
      action: 'deny',
    });
    expect(fake.shell.openExternal).toHaveBeenCalledWith('https://github.com/o/r/pull/1');
    fake.shell.openExternal.mockClear();
    for (const url of [
      'file:///etc/passwd',
      'javascript:alert(1)',
      'smb://host/share',
      'https:evil.example',
      'about:blank',
    ]) {
      expect(wc.windowOpenHandler!({ url })).toEqual({ action: 'deny' });
    }
    expect(fake.shell.openExternal).not.toHaveBeenCalled();
  });
});

describe('session hardening', () => {
  it('denies every permission request and check, downloads, and sets the CSP header', () => {
    const ses = fake.session.defaultSession;
    hardenSession(ses as never);
    for (const permission of [
      'media',
      'geolocation',
      'notifications',
      'clipboard-read',
      'openExternal',
      'fileSystem',
    ]) {
      const cb = vi.fn();
      ses.permissionRequestHandler!(null, permission, cb, {});
      expect(cb, permission).toHaveBeenCalledWith(false);
      expect(ses.permissionCheckHandler!(null, permission, 'app://ccr', {})).toBe(false);
    }
    expect(ses.devicePermissionHandler!({})).toBe(false);
    const download = new fake.FakeEvent();
    ses.emit('will-download', download, {}, {});
    expect(download.defaultPrevented).toBe(true);
    const cb = vi.fn();
    ses.headersListener!({ responseHeaders: { 'Content-Type': ['text/html'] } }, cb);
    const headers = (cb.mock.calls[0]![0] as { responseHeaders: Record<string, string[]> })
      .responseHeaders;
    expect(headers['Content-Security-Policy']).toEqual([ELECTRON_CSP]);
    expect(ELECTRON_CSP).toContain("script-src 'self'");
    expect(ELECTRON_CSP).not.toMatch(/script-src[^;]*unsafe/);
  });
});

describe('openExternal', () => {
  it.each([
    'https://github.com/owner/repo/pull/12',
    'https://gitlab.example.com/group/repo/-/merge_requests/3?x=1#y',
    'HTTPS://GitHub.com/o/r',
  ])('opens %s', (url) => {
    expect(safeExternalUrl(url)).toMatch(/^https:\/\//);
  });

  it('opens a forwarded port on the loopback, and nothing else over plain http', () => {
    expect(safeExternalUrl('http://127.0.0.1:43211/')).toBe('http://127.0.0.1:43211/');
    for (const bad of [
      'http://127.0.0.1:0/',
      'http://127.0.0.1:99999/',
      'http://127.0.0.1/',
      'http://127.0.0.1:3000/path',
      'http://127.0.0.1:3000@evil.example/',
      'http://127.0.0.1.evil.example:3000/',
      'http://localhost:3000/',
      'http://10.0.0.1:3000/',
    ])
      expect(safeExternalUrl(bad), bad).toBeNull();
  });

  it.each([
    'file:///etc/passwd',
    'file://host/share/x',
    'javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    'smb://fileserver/share',
    'http://github.com/o/r',
    'ftp://example.com/',
    'data:text/html,<script>alert(1)</script>',
    'vbscript:msgbox(1)',
    'https:evil.example',
    'https:/evil.example',
    'https:\\\\evil.example',
    'https:///evil.example',
    '//evil.example',
    ' https://github.com',
    'https://github.com\n@evil.example',
    'https://github.com@evil.example/',
    'https://user:pass@github.com/',
    'https://github.com%2F@evil.example',
    'https://',
    'ｈttps://evil.example',
    'https%3A%2F%2Fevil.example',
    'https://evil.example/\u0000',
    '',
    `https://x.example/${'a'.repeat(3000)}`,
  ])('refuses %j', (url) => {
    expect(safeExternalUrl(url)).toBeNull();
  });

  it('is the contract method in the app: refuses unsafe URLs with a clear error, never calling the shell', async () => {
    const { core, dispose } = await tempCore({ mode: 'electron', version: '1' });
    onTestFinished(dispose);
    const handlers = electronHandlers(core.handlers, {
      getWindow: () => null,
      takeOpenFolderRequests: () => [],
    });
    const ctx: CallContext = { transport: 'ipc', signal: new AbortController().signal };
    for (const url of [
      'file:///etc/passwd',
      'javascript:alert(1)',
      'smb://h/s',
      'https:evil.example',
    ]) {
      await expect(handlers.openExternal({ url }, ctx)).rejects.toMatchObject({
        code: 'unsafe-url',
      });
    }
    expect(fake.shell.openExternal).not.toHaveBeenCalled();
    await expect(
      handlers.openExternal({ url: 'https://github.com/o/r/pull/1' }, ctx),
    ).resolves.toEqual({});
    expect(fake.shell.openExternal).toHaveBeenCalledWith('https://github.com/o/r/pull/1');
  });
});
