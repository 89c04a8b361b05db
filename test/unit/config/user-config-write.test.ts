/**
 * Writing the user-level config from Settings: the text as typed, only when valid (problems
 * with line and column, nothing written), atomically with 0600, and never over a file that
 * changed since the editor read it.
 */
import {
  lstatSync,
  readFileSync,
  readdirSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  readUserConfigText,
  writeUserConfigText,
} from '../../../src/main/config/user-config-write';
import { makeFixture, type Fixture } from './fixture';

let fx: Fixture;
let host: { env: NodeJS.ProcessEnv; homeDir: string; platform: NodeJS.Platform };
beforeEach(() => {
  fx = makeFixture();
  host = { env: {}, homeDir: fx.home, platform: 'linux' };
});
afterEach(() => fx.cleanup());

const file = () => path.join(fx.userConfigDir, 'config.json');

describe('writeUserConfigText', () => {
  it('writes the text exactly as typed, 0600, and the next load uses it', async () => {
    fx.userConfig({ containerPrefix: 'before' });
    const read = await readUserConfigText(host);
    expect(read.text).toContain('before');
    const typed = '{\n    "containerPrefix":   "after",\n\n    "autoPush": false\n}\n';
    const r = await writeUserConfigText(host, { text: typed, expectedSha256: read.sha256 });
    expect(r).toMatchObject({ ok: true, file: file() });
    expect(readFileSync(file(), 'utf8')).toBe(typed);
    expect(statSync(file()).mode & 0o777).toBe(0o600);
    // No temp file left next to it.
    expect(readdirSync(fx.userConfigDir)).toEqual(['config.json']);
    const loaded = await fx.load();
    expect(loaded.ok && loaded.config.containerPrefix).toBe('after');
    // The sha256 returned is the one a following save must name.
    const again = await readUserConfigText(host);
    expect(again.sha256).toBe(r.ok ? r.sha256 : '');
  });

  it('creates the file (and its folder) when there was none', async () => {
    fx.cleanup();
    fx = makeFixture();
    host = { env: {}, homeDir: path.join(fx.root, 'new-home'), platform: 'linux' };
    const read = await readUserConfigText(host);
    expect(read).toMatchObject({ text: null, sha256: null });
    const r = await writeUserConfigText(host, {
      text: '{"autoPush": false}',
      expectedSha256: null,
    });
    expect(r.ok).toBe(true);
    expect(readFileSync(read.file, 'utf8')).toBe('{"autoPush": false}');
  });

  it('refuses invalid JSON and schema errors with line and column; nothing is written', async () => {
    const original = fx.userConfig({ containerPrefix: 'kept' });
    const before = readFileSync(original, 'utf8');
    const { sha256 } = await readUserConfigText(host);
    const bad = await writeUserConfigText(host, {
      text: '{\n  "autoPush": true,\n  "containerPrefix": "x",,\n}',
      expectedSha256: sha256,
    });
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.issues[0]).toMatchObject({ file: original, line: 3, column: 26 });
    const schema = await writeUserConfigText(host, {
      text: '{\n  "autoPush": "yes"\n}',
      expectedSha256: sha256,
    });
    expect(!schema.ok && schema.issues[0]).toMatchObject({
      path: 'autoPush',
      line: 2,
      message: expect.stringMatching(/true or false/),
    });
    // Comments are not JSON: the parser says so, at their position.
    const comment = await writeUserConfigText(host, {
      text: '{\n  // mine\n  "autoPush": true\n}',
      expectedSha256: sha256,
    });
    expect(!comment.ok && comment.issues[0]).toMatchObject({ line: 2, column: 3 });
    expect(readFileSync(original, 'utf8')).toBe(before);
    expect(readdirSync(fx.userConfigDir)).toEqual(['config.json']);
  });

  it('refuses to overwrite a file that changed since it was read, telling the user to reload', async () => {
    fx.userConfig({ containerPrefix: 'one' });
    const { sha256 } = await readUserConfigText(host);
    writeFileSync(file(), '{"containerPrefix": "changed elsewhere"}');
    await expect(
      writeUserConfigText(host, { text: '{"containerPrefix": "mine"}', expectedSha256: sha256 }),
    ).rejects.toMatchObject({ code: 'config-changed', hint: expect.stringMatching(/reload/) });
    expect(readFileSync(file(), 'utf8')).toBe('{"containerPrefix": "changed elsewhere"}');
    // A file that appeared after the editor read none is a change too.
    const other = { env: {}, homeDir: path.join(fx.root, 'h2'), platform: 'linux' as const };
    const none = await readUserConfigText(other);
    fx.write(none.file, '{}');
    await expect(
      writeUserConfigText(other, { text: '{"autoPush": true}', expectedSha256: null }),
    ).rejects.toMatchObject({ code: 'config-changed' });
  });

  it('keeps a symlinked config a symlink and replaces the file it points to', async () => {
    const real = fx.write('dotfiles/ccr.json', '{}');
    symlinkSync(real, file());
    const { sha256 } = await readUserConfigText(host);
    const r = await writeUserConfigText(host, {
      text: '{"autoPush": true}',
      expectedSha256: sha256,
    });
    expect(r.ok).toBe(true);
    expect(lstatSync(file()).isSymbolicLink()).toBe(true);
    expect(readFileSync(real, 'utf8')).toBe('{"autoPush": true}');
  });
});
