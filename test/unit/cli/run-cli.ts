/** Runs `claude-run` from source, as a user would type it, in `cwd`; never opens a browser. */
import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '../../..');

export function runCli(args: string[], cwd: string): Promise<{ code: number; out: string }> {
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
