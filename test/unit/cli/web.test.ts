/**
 * `claude-run web` in-process: bad options are refused with a usable message, the default
 * port moves on when taken (and says so), the printed link works, nothing listens beyond
 * loopback without --allow-remote.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliContext } from '../../../src/cli/context';
import { runCli } from '../../../src/cli/program';
import { startWeb } from '../../../src/cli/commands/web';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ccr-cli-'));
  await writeFile(join(dir, 'index.html'), '<!doctype html><title>x</title>');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function context(): CliContext & { lines: string[]; errors: string[] } {
  const lines: string[] = [];
  const errors: string[] = [];
  return {
    version: '7.7.7',
    env: { CCR_DATA_DIR: join(dir, 'data'), PATH: process.env.PATH },
    platform: process.platform,
    out: (l) => lines.push(l),
    err: (l) => errors.push(l),
    untilStopped: () => new Promise(() => {}),
    lines,
    errors,
  };
}

describe('claude-run web', () => {
  it('refuses a bad port with a message that says what a port is', async () => {
    const ctx = context();
    expect(await runCli(['web', '--port', 'abc'], ctx)).toBe(1);
    expect(ctx.errors.join('\n')).toMatch(/port is a number from 1 to 65535/);
    expect(await runCli(['web', '--port', '70000'], ctx)).toBe(1);
  });

  it('refuses a non-loopback host without --allow-remote, naming the flag', async () => {
    const ctx = context();
    expect(await runCli(['web', '--host', '0.0.0.0', '--no-open'], ctx)).toBe(1);
    expect(ctx.errors.join('\n')).toContain('--allow-remote');
  });

  it('takes the next free port when 3456 is taken, prints a working tokenized link', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) =>
      blocker.once('error', () => resolve()).listen(3456, '127.0.0.1', () => resolve()),
    );
    const ctx = context();
    const web = await startWeb({ host: '127.0.0.1', open: false, allowRemote: false }, ctx, dir);
    try {
      expect(web.server.port).toBeGreaterThan(3456);
      const out = ctx.lines.join('\n');
      expect(out).toContain(`Port 3456 is taken; using ${web.server.port}.`);
      const link = /Open: (http:\/\/127\.0\.0\.1:\d+\/#token=[0-9a-f]{64})/.exec(out)?.[1];
      expect(link).toBe(web.server.url);
      const res = await fetch(link!.split('#')[0]!);
      expect(res.status).toBe(200);
      expect(ctx.errors.join('\n')).not.toContain(web.server.url.split('#token=')[1]);
    } finally {
      await web.stop();
      blocker.close();
    }
  });

  it('lists the web command in --help', async () => {
    const ctx = context();
    expect(await runCli(['--help'], ctx)).toBe(0);
    expect(ctx.lines.join('\n')).toMatch(/web \[options\]/);
  });
});
