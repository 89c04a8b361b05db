import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = resolve(__dirname, '../../..');

function runCli(args: string[], cwd: string): Promise<{ code: number; out: string }> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [join(root, 'node_modules/tsx/dist/cli.mjs'), join(root, 'src/cli/index.ts'), ...args],
      { cwd, env: { ...process.env, CCR_NO_OPEN: '1', NO_COLOR: '1' }, timeout: 60_000 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
        done({ code, out: `${stdout}${stderr}` });
      },
    );
  });
}

describe('claude-run <folder>', () => {
  const made: string[] = [];
  afterAll(async () => {
    await Promise.all(made.map((d) => rm(d, { recursive: true, force: true })));
  });

  it('starts for the named folder, not the current one, and says why it cannot', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'ccr-cli-folder-'));
    made.push(folder);
    const { code, out } = await runCli([folder], tmpdir());
    expect(code).toBe(1);
    expect(out).toContain(`Starting a session for ${folder}`);
    expect(out).toMatch(/error: .*not inside a git work tree/);
    expect(out).toMatch(/hint: .*git init/);
    expect(out).not.toMatch(/\n\s+at /); // no stack trace
  });
});
