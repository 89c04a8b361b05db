/**
 * The macOS Keychain path, with a stand-in `security` program (no real Mac here): the login
 * is read with `find-generic-password -w` and written through `security -i` on stdin, so the
 * secret is never an argument any `ps` could show. Untested against a real Keychain.
 */
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { hostLoginStore } from '../../../src/main/claude-login/host-store';
import { loginText } from '../../helpers/login-fixture';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A `security` that keeps one item in a file and logs each call's arguments. */
function standIn(dir: string): string {
  const path = join(dir, 'security');
  writeFileSync(
    path,
    `#!${process.execPath}
const fs = require('fs');
const store = process.env.SEC_STORE;
const argv = process.argv.slice(2);
fs.appendFileSync(process.env.SEC_LOG, JSON.stringify(argv) + '\\n');
// "a b" "c d" e  ->  ['a b', 'c d', 'e']  (security -i's quoting, enough for this)
const words = (line) => [...line.matchAll(/"([^"]*)"|(\\S+)/g)].map((m) => m[1] ?? m[2]);
const opt = (w, name) => { const i = w.indexOf(name); return i < 0 ? undefined : w[i + 1]; };
if (argv[0] === 'find-generic-password') {
  if (opt(argv, '-s') !== 'Claude Code-credentials' || !fs.existsSync(store)) process.exit(44);
  process.stdout.write(fs.readFileSync(store, 'utf8') + '\\n');
} else if (argv[0] === '-i') {
  const input = fs.readFileSync(0, 'utf8');
  for (const line of input.split('\\n').filter(Boolean)) {
    const w = words(line);
    if (w[0] !== 'add-generic-password' || !w.includes('-U')) process.exit(2);
    if (opt(w, '-s') !== 'Claude Code-credentials') process.exit(3);
    fs.writeFileSync(store + '.account', opt(w, '-a'));
    fs.writeFileSync(store, Buffer.from(opt(w, '-X'), 'hex'));
  }
} else process.exit(1);
`,
  );
  chmodSync(path, 0o755);
  return path;
}

function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'ccr-keychain-'));
  dirs.push(dir);
  const env = { PATH: process.env.PATH, SEC_STORE: join(dir, 'item'), SEC_LOG: join(dir, 'log') };
  const store = hostLoginStore({
    claudeDir: join(dir, '.claude'),
    platform: 'darwin',
    env,
    userName: 'ada',
    securityPath: standIn(dir),
  });
  const argvLog = () => (existsSync(env.SEC_LOG) ? readFileSync(env.SEC_LOG, 'utf8') : '');
  return { dir, env, store, argvLog };
}

describe('Keychain login store (stand-in security)', () => {
  it('on macOS the store is the Keychain item Claude Code uses', () => {
    const { store } = setup();
    expect(store.kind).toBe('keychain');
    expect(store.source).toBe('macOS Keychain item "Claude Code-credentials"');
    expect(store.watchPath).toBeNull();
  });

  it('reads nothing when there is no item, then writes and reads the login back', async () => {
    const { store, env } = setup();
    expect(await store.read()).toEqual({ state: 'missing' });
    const secret = loginText('sk-ant-oat01-KEYCHAINSECRET', 1_900_000_000_000);
    const r = await store.update((current) => (current.state === 'missing' ? secret : null));
    expect(r).toEqual({ before: { state: 'missing' }, written: true });
    expect(await store.read()).toEqual({ state: 'ok', text: secret });
    expect(readFileSync(`${env.SEC_STORE}.account`, 'utf8')).toBe('ada');
  });

  it('the secret is never an argument of security, not even hex-encoded', async () => {
    const { store, argvLog } = setup();
    const secret = loginText('sk-ant-oat01-KEYCHAINSECRET', 1_900_000_000_000);
    await store.update(() => secret);
    await store.read();
    const log = argvLog();
    expect(log).toContain('"-i"');
    expect(log).toContain('find-generic-password');
    expect(log).not.toContain('KEYCHAINSECRET');
    expect(log).not.toContain(Buffer.from('KEYCHAINSECRET').toString('hex'));
  });

  it('decides under the lock with what the Keychain holds now', async () => {
    const { store } = setup();
    const newer = loginText('tok-new', 2_000);
    await store.update(() => newer);
    const seen: string[] = [];
    const r = await store.update((current) => {
      if (current.state === 'ok') seen.push(current.text);
      return null; // a caller refusing to replace a newer copy
    });
    expect(seen).toEqual([newer]);
    expect(r.written).toBe(false);
    expect(await store.read()).toEqual({ state: 'ok', text: newer });
  });

  it('a user name security -i could not take is refused, with no secret in the error', async () => {
    const { dir, env } = setup();
    const store = hostLoginStore({
      claudeDir: join(dir, '.claude'),
      platform: 'darwin',
      env,
      userName: 'a"b',
      securityPath: standIn(dir),
    });
    await expect(store.update(() => loginText('tok-SECRET', 1))).rejects.toThrow(
      /user name cannot be passed/,
    );
  });
});
