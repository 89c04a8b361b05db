/**
 * The kit's claude-login script, run with the host's bash in a temp home: `put` replaces the
 * login only while it still holds what the host read (a refresh in between wins), as 0600;
 * `read` frames the two files; `watch` reports each change once, and ends with its stdin.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseReadOutput } from '../../../src/main/claude-login/container-copy';
import { claudeLogin } from '../../../src/main/kit/claude-login';
import { claudeJsonText, loginText } from '../../helpers/login-fixture';

const homes: string[] = [];
afterEach(() => {
  for (const h of homes.splice(0)) rmSync(h, { recursive: true, force: true });
});

function setup() {
  const home = mkdtempSync(join(tmpdir(), 'ccr-kit-login-'));
  homes.push(home);
  mkdirSync(join(home, '.claude'));
  const script = join(home, 'claude-login');
  writeFileSync(script, claudeLogin.content, { mode: 0o755 });
  const cred = join(home, '.claude', '.credentials.json');
  const run = (args: string[], input = '') =>
    spawnSync('bash', [script, ...args], { env: { HOME: home, PATH: process.env.PATH }, input });
  return { home, script, cred, run };
}

describe('kit claude-login', () => {
  it('put replaces the file while it holds what was read; otherwise it says changed', () => {
    const { cred, run } = setup();
    const old = loginText('tok-old', 1);
    const next = loginText('tok-new', 2);
    writeFileSync(cred, old, { mode: 0o644 });
    const ok = run(['put', String(Buffer.byteLength(old))], old + next);
    expect(ok.status).toBe(0);
    expect(readFileSync(cred, 'utf8')).toBe(next);
    expect(statSync(cred).mode & 0o777).toBe(0o600);

    // The session refreshed after the host read it: the host's copy does not overwrite it.
    const refreshed = loginText('tok-refreshed', 3);
    writeFileSync(cred, refreshed);
    const stale = run(['put', String(Buffer.byteLength(next))], next + loginText('tok-x', 4));
    expect(stale.status).toBe(4);
    expect(stale.stdout.toString()).toBe('changed\n');
    expect(readFileSync(cred, 'utf8')).toBe(refreshed);
  });

  it('put does not create a login where there is none, nor take a bad length', () => {
    const { cred, run, home } = setup();
    expect(run(['put', '0'], loginText('t', 1)).status).toBe(4);
    expect(() => statSync(cred)).toThrow();
    expect(run(['put', '1;rm -rf ~'], 'x').status).toBe(2);
    expect(statSync(home).isDirectory()).toBe(true);
  });

  it('read frames the credentials file and .claude.json', () => {
    const { home, cred, run } = setup();
    expect(parseReadOutput(run(['read']).stdout)).toEqual({
      cred: { state: 'missing' },
      claudeJson: null,
    });
    const text = loginText('tok-ü', 5) + '\n';
    writeFileSync(cred, text);
    writeFileSync(join(home, '.claude.json'), claudeJsonText('uuid-1'));
    expect(parseReadOutput(run(['read']).stdout)).toEqual({
      cred: { state: 'ok', text },
      claudeJson: claudeJsonText('uuid-1'),
    });
  });

  it('watch prints each change once and ends when its stdin closes', async () => {
    const { home, script, cred } = setup();
    writeFileSync(cred, loginText('a', 1));
    const child = spawn('bash', [script, 'watch', '0.05'], {
      env: { HOME: home, PATH: process.env.PATH },
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const until = async (text: string) => {
      const end = Date.now() + 5000;
      while (!out.endsWith(text)) {
        if (Date.now() > end) throw new Error(`watch printed ${JSON.stringify(out)}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    await until('cred\nacct\n'); // each once at start
    writeFileSync(cred, loginText('b', 2));
    await until('acct\ncred\n');
    writeFileSync(join(home, '.claude.json'), claudeJsonText('u'));
    await until('cred\nacct\n');
    expect(out).toBe('cred\nacct\ncred\nacct\n');
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    child.stdin.end();
    expect(await exited).toBe(0);
  });
});
