/**
 * The config's setupCommands, in order, as the container user in /workspace. They are the
 * user's own shell lines, so each runs as `bash -lc <line>` (the line is one argument, never
 * spliced into another string). Output streams to the session log; the first non-zero exit
 * stops the start with an error naming the command and its exit code.
 */
import { StringDecoder } from 'node:string_decoder';
import type { Readable } from 'node:stream';
import { AppError } from '../../shared/errors';
import type { Engine } from '../engine/types';

export type LogSink = (stream: 'stdout' | 'stderr' | 'system', text: string) => void;

function pipeText(stream: Readable, kind: 'stdout' | 'stderr', log: LogSink): Promise<void> {
  const dec = new StringDecoder('utf8');
  return new Promise((resolve) => {
    stream.on('data', (chunk: Buffer) => {
      const text = dec.write(chunk);
      if (text) log(kind, text);
    });
    const done = () => {
      const rest = dec.end();
      if (rest) log(kind, rest);
      resolve();
    };
    stream.on('end', done);
    stream.on('close', done);
    stream.on('error', done);
  });
}

export function describeCommand(command: string): string {
  const one = command.replace(/\s+/g, ' ').trim();
  return one.length > 120 ? `${one.slice(0, 117)}...` : one;
}

export async function runSetupCommands(
  engine: Engine,
  id: string,
  commands: readonly string[],
  opts: { user: string; log: LogSink; onStep?: (index: number, command: string) => void },
): Promise<void> {
  for (const [i, command] of commands.entries()) {
    opts.onStep?.(i, command);
    opts.log('system', `$ ${command}\n`);
    const exec = await engine.execStream(id, {
      cmd: ['bash', '-lc', command],
      user: opts.user || undefined,
      workdir: '/workspace',
      tty: false,
      stdin: false,
    });
    const outputs = Promise.all([
      pipeText(exec.stdout, 'stdout', opts.log),
      pipeText(exec.stderr, 'stderr', opts.log),
    ]);
    const code = await exec.wait();
    await Promise.race([outputs, new Promise((r) => setTimeout(r, 1000))]);
    exec.close();
    if (code !== 0) {
      throw new AppError(
        'setup-command-failed',
        `setup command ${i + 1} of ${commands.length} ("${describeCommand(command)}") exited with code ${code}`,
        'see the session log for its output, fix setupCommands in the config, then start a new session (the container is kept for inspection)',
      );
    }
  }
}
