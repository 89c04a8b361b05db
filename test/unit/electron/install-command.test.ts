/**
 * "Install 'claude-run' Command…": links the command to the app, says when it is already
 * there, and hands out the exact sudo command (never runs it) when the folder is not writable.
 */
import { chmod, mkdir, mkdtemp, readlink, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';

vi.mock('electron', () => import('./fake-electron'));

import * as fake from './fake-electron';
import { installCommand, shellQuote } from '../../../src/main/electron/install-command';
import { installCommandFromMenu } from '../../../src/main/electron/install-command-menu';
import { INSTALL_COMMAND_LABEL, buildMenuTemplate } from '../../../src/main/electron/menu';

let dir: string;
let app: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ccr-install-'));
  app = join(dir, "Claude's Runner", 'claude-run');
  await mkdir(join(dir, "Claude's Runner"));
  await writeFile(app, '#!/bin/sh\n', { mode: 0o755 });
});
afterAll(async () => {
  await chmod(join(dir, 'locked'), 0o755).catch(() => {});
  await rm(dir, { recursive: true, force: true });
});
beforeEach(() => fake.dialog.showMessageBox.mockClear());

// Root ignores folder permissions; /sys refuses links even to root.
async function unwritableTarget(): Promise<string> {
  if (process.getuid?.() === 0) return '/sys/claude-run';
  await mkdir(join(dir, 'locked'), { recursive: true });
  await chmod(join(dir, 'locked'), 0o555);
  return join(dir, 'locked', 'claude-run');
}

const base = { platform: 'linux' as const, execPath: '', alsoInstalledAt: [] };

describe('installing the claude-run command', () => {
  it('links the target to the executable, then says it is already installed', async () => {
    const target = join(dir, 'bin', 'claude-run');
    await expect(installCommand({ ...base, execPath: app, target })).resolves.toEqual({
      kind: 'installed',
      target,
      source: app,
    });
    expect(await readlink(target)).toBe(app);
    await expect(installCommand({ ...base, execPath: app, target })).resolves.toMatchObject({
      kind: 'already',
    });
  });

  it('links the AppImage file, not its temporary mount', async () => {
    const target = join(dir, 'bin-appimage', 'claude-run');
    await installCommand({ ...base, execPath: '/tmp/.mount_x/claude-run', appImage: app, target });
    expect(await readlink(target)).toBe(app);
  });

  it('counts the deb link as installed', async () => {
    const deb = join(dir, 'usr-bin-claude-run');
    await symlink(app, deb);
    const target = join(dir, 'bin-deb', 'claude-run');
    await expect(
      installCommand({ ...base, execPath: app, target, alsoInstalledAt: [deb] }),
    ).resolves.toEqual({ kind: 'already', target: deb, source: app });
  });

  it('leaves a command pointing elsewhere unless told to replace it', async () => {
    const target = join(dir, 'bin-other', 'claude-run');
    await mkdir(join(dir, 'bin-other'));
    await symlink('/usr/lib/node_modules/claude-code-runner/bin/claude-run.js', target);
    await expect(installCommand({ ...base, execPath: app, target })).resolves.toEqual({
      kind: 'occupied',
      target,
      existing: '/usr/lib/node_modules/claude-code-runner/bin/claude-run.js',
    });
    await installCommand({ ...base, execPath: app, target, replace: true });
    expect(await readlink(target)).toBe(app);
  });

  it('gives the exact sudo command when the folder is not writable', async () => {
    const target = await unwritableTarget();
    const outcome = await installCommand({ ...base, execPath: app, target });
    expect(outcome).toEqual({
      kind: 'needs-admin',
      target,
      source: app,
      command: `sudo ln -sf ${shellQuote(app)} ${shellQuote(target)}`,
    });
    // The quote in the app folder's name survives a POSIX shell.
    expect(shellQuote(app)).toBe(`'${dir}/Claude'\\''s Runner/claude-run'`);
  });

  it('explains instead of linking on Windows', async () => {
    await expect(installCommand({ ...base, platform: 'win32', execPath: app })).resolves.toEqual({
      kind: 'windows',
    });
  });
});

describe('the menu item', () => {
  it('is offered when the app gives it, and says what happened in a dialog', async () => {
    const labels = (platform: NodeJS.Platform, installCommand?: () => void) =>
      JSON.stringify(
        buildMenuTemplate({
          platform,
          isPackaged: true,
          appName: 'X',
          command: () => {},
          installCommand,
        }),
      );
    expect(labels('darwin', () => {})).toContain(INSTALL_COMMAND_LABEL);
    expect(labels('linux', () => {})).toContain(INSTALL_COMMAND_LABEL);
    expect(labels('linux')).not.toContain(INSTALL_COMMAND_LABEL);
    let clicked = 0;
    const file = (
      buildMenuTemplate({
        platform: 'linux',
        isPackaged: true,
        appName: 'X',
        command: () => {},
        installCommand: () => clicked++,
      }).find((m) => m.label === 'File')!.submenu as MenuItemConstructorOptions[]
    ).find((i) => i.label === INSTALL_COMMAND_LABEL)!;
    (file.click as () => void)();
    expect(clicked).toBe(1);

    const target = await unwritableTarget();
    await installCommandFromMenu({ target, alsoInstalledAt: [] });
    const shown = fake.dialog.showMessageBox.mock.calls.at(-1)![0] as { detail: string };
    expect(shown.detail).toContain(`sudo ln -sf ${shellQuote(process.execPath)}`);
  });
});
