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
import { CliContext } from '../../../src/cli/commands/context';
import { runCli } from '../../../src/cli/program';
import { startWeb } from '../../../src/cli/commands/web';
import { capturedDeps } from './captured-deps';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ccr-cli-'));
  await writeFile(join(dir, 'index.html'), '<!doctype html><title>x</title>');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const program = () => capturedDeps({ CCR_DATA_DIR: join(dir, 'data'), HOME: join(dir, 'home') });

describe('claude-run web', () => {
  it('refuses a bad port with a message that says what a port is', async () => {
    const run = program();
    expect(await runCli(['web', '--port', 'abc'], run.deps)).toBe(1);
    expect(run.stderr()).toMatch(/port is a number from 1 to 65535/);
    expect(await runCli(['web', '--port', '70000'], run.deps)).toBe(1);
  });

  it('refuses a non-loopback host without --allow-remote, naming the flag', async () => {
    const run = program();
    expect(await runCli(['web', '--host', '0.0.0.0', '--no-open'], run.deps)).toBe(1);
    expect(run.stderr()).toMatch(/^error: .*\nhint: .*--allow-remote/m);
  });

  it('takes the next free port when 3456 is taken, prints a working tokenized link', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) =>
      blocker.once('error', () => resolve()).listen(3456, '127.0.0.1', () => resolve()),
    );
    const run = program();
    const ctx = new CliContext(run.deps);
    const web = await startWeb({ host: '127.0.0.1', open: false, allowRemote: false }, ctx, dir);
    try {
      expect(web.server.port).toBeGreaterThan(3456);
      const out = run.stdout();
      expect(out).toContain(`Port 3456 is taken; using ${web.server.port}.`);
      const link = /Open: (http:\/\/127\.0\.0\.1:\d+\/#token=[0-9a-f]{64})/.exec(out)?.[1];
      expect(link).toBe(web.server.url);
      const res = await fetch(link!.split('#')[0]!);
      expect(res.status).toBe(200);
      expect(run.stderr()).not.toContain(web.server.url.split('#token=')[1]);
    } finally {
      await web.stop();
      await ctx.dispose();
      blocker.close();
    }
  });

  it('lists the web command in --help', async () => {
    const run = program();
    expect(await runCli(['--help'], run.deps)).toBe(0);
    expect(run.stdout()).toMatch(/web \[options\]/);
  });
});
