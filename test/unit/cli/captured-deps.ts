/**
 * The program's deps for an in-process run: output captured as text, no terminal, no color,
 * stdin at its end, no browser. What runCli(argv, deps) prints is in `stdout` and `stderr`.
 */
import { PassThrough, Writable } from 'node:stream';
import type { CliDeps } from '../../../src/cli/commands/context';

class Sink extends Writable {
  text = '';
  override _write(chunk: Buffer | string, _enc: BufferEncoding, cb: () => void): void {
    this.text += chunk.toString();
    cb();
  }
}

export interface CapturedDeps {
  deps: CliDeps;
  stdout(): string;
  stderr(): string;
}

export function capturedDeps(env: NodeJS.ProcessEnv = {}, cwd = process.cwd()): CapturedDeps {
  const stdout = new Sink();
  const stderr = new Sink();
  const stdin = new PassThrough();
  stdin.end();
  return {
    deps: {
      io: { stdout, stderr, stdin, env: { PATH: process.env.PATH, NO_COLOR: '1', ...env }, cwd },
      version: '0.0.0-test',
      platform: process.platform,
    },
    stdout: () => stdout.text,
    stderr: () => stderr.text,
  };
}
