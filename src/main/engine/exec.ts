/**
 * exec inside a container. Non-TTY output is multiplexed by the engine and demuxed here with
 * docker-modem's demuxStream; TTY output is raw and passed through untouched. The exit code
 * comes from exec inspect once `Running` is false (the stream may end a little earlier).
 */
import { PassThrough, type Duplex } from 'node:stream';
import type Dockerode from 'dockerode';
import { AppError } from '../../shared/errors';
import { envList } from './container-spec';
import { mapEngineError, statusCodeOf } from './errors';
import type { DockerodeEngine } from './engine';
import type { ExecOptions, ExecResult, ExecStream, ExecStreamOptions } from './types';

function execCreateBody(
  opts: { cmd: string[]; user?: string; workdir?: string; env?: Record<string, string> },
  tty: boolean,
  stdin: boolean,
): Dockerode.ExecCreateOptions {
  if (opts.cmd.length === 0)
    throw new AppError(
      'engine-error',
      'exec needs a command',
      'pass the program and its arguments as an array',
    );
  const body: Dockerode.ExecCreateOptions = {
    Cmd: opts.cmd,
    AttachStdout: true,
    AttachStderr: true,
    AttachStdin: stdin,
    Tty: tty,
  };
  if (opts.user) body.User = opts.user;
  if (opts.workdir) body.WorkingDir = opts.workdir;
  if (opts.env && Object.keys(opts.env).length) body.Env = envList(opts.env);
  return body;
}

async function createExec(
  engine: DockerodeEngine,
  id: string,
  body: Dockerode.ExecCreateOptions,
): Promise<Dockerode.Exec> {
  try {
    return await engine.docker.getContainer(id).exec(body);
  } catch (e) {
    throw mapEngineError(e, {
      action: `run ${body.Cmd?.[0] ?? 'a command'} in container ${id}`,
      address: engine.info.address,
      notFound: 'container-not-found',
      what: `container ${id}`,
    });
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** How long an exec whose connection we closed is watched for its exit before it is let go. */
export const ABANDON_AFTER_MS = 1000;

/**
 * Polls exec inspect until the process has ended; returns its exit code. `giveUp` ends the
 * watch (with -1) for a process that keeps running after we dropped its connection.
 */
export async function waitExecExit(
  exec: Dockerode.Exec,
  signal?: AbortSignal,
  giveUp?: () => boolean,
): Promise<number> {
  // The stream usually ends as the process exits, so the first inspect mostly answers; poll
  // tightly for a short while (exec round trips are on the UI's path), then back off.
  for (let i = 0; ; i++) {
    const info = await exec.inspect();
    if (!info.Running && info.ExitCode !== null && info.ExitCode !== undefined)
      return info.ExitCode;
    if (!info.Running && i > 20) return info.ExitCode ?? -1;
    if (signal?.aborted) throw new AppError('aborted', 'the command was cancelled');
    if (giveUp?.()) return -1;
    await sleep(i < 20 ? 5 : Math.min(500, 5 * 2 ** (i - 19)));
  }
}

function streamDone(stream: Duplex): Promise<void> {
  // A short command may have ended before anyone asked.
  if (stream.readableEnded || stream.destroyed) return Promise.resolve();
  return new Promise((resolve, reject) => {
    stream.once('end', resolve);
    stream.once('close', resolve);
    stream.once('error', reject);
  });
}

export async function execCollect(
  engine: DockerodeEngine,
  id: string,
  opts: ExecOptions,
): Promise<ExecResult> {
  const withStdin = opts.stdin !== undefined;
  const exec = await createExec(engine, id, execCreateBody(opts, false, withStdin));
  let stream: Duplex;
  try {
    stream = (await exec.start({ hijack: withStdin, stdin: withStdin })) as Duplex;
  } catch (e) {
    throw mapEngineError(e, {
      action: `start ${opts.cmd[0]} in container ${id}`,
      address: engine.info.address,
    });
  }
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  stdout.on('data', (c: Buffer) => out.push(c));
  stderr.on('data', (c: Buffer) => err.push(c));
  engine.docker.modem.demuxStream(stream, stdout, stderr);

  const onAbort = () => stream.destroy();
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const done = streamDone(stream);
    if (withStdin) {
      const input = opts.stdin!;
      if (Buffer.isBuffer(input)) stream.end(input);
      else input.pipe(stream);
    }
    await done.catch((e: unknown) => {
      if (!opts.signal?.aborted) {
        throw mapEngineError(e, {
          action: `read the output of ${opts.cmd[0]}`,
          address: engine.info.address,
        });
      }
    });
    if (opts.signal?.aborted)
      throw new AppError('aborted', `the command ${opts.cmd[0]} was cancelled`);
    const exitCode = await waitExecExit(exec, opts.signal);
    return { exitCode, stdout: Buffer.concat(out), stderr: Buffer.concat(err) };
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
  }
}

/** Podman answers a successful resize with 201, which docker-modem calls an error. */
export async function resizeExec(
  engine: DockerodeEngine,
  exec: Dockerode.Exec,
  cols: number,
  rows: number,
): Promise<void> {
  try {
    await exec.resize({ w: Math.max(1, Math.floor(cols)), h: Math.max(1, Math.floor(rows)) });
  } catch (e) {
    if (statusCodeOf(e) === 201) return;
    throw mapEngineError(e, { action: 'resize the terminal', address: engine.info.address });
  }
}

export async function execStream(
  engine: DockerodeEngine,
  id: string,
  opts: ExecStreamOptions,
): Promise<ExecStream> {
  const exec = await createExec(engine, id, execCreateBody(opts, opts.tty, opts.stdin));
  let socket: Duplex;
  try {
    socket = (await exec.start({ hijack: true, stdin: opts.stdin, Tty: opts.tty })) as Duplex;
  } catch (e) {
    throw mapEngineError(e, {
      action: `start ${opts.cmd[0]} in container ${id}`,
      address: engine.info.address,
    });
  }
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  if (opts.tty) {
    // Raw bytes: a TTY stream has no multiplexing headers.
    socket.pipe(stdout);
    stderr.end();
  } else {
    engine.docker.modem.demuxStream(socket, stdout, stderr);
    const endBoth = () => {
      stdout.end();
      stderr.end();
    };
    socket.once('end', endBoth);
    socket.once('close', endBoth);
  }
  // Watch for the end before anything async: a short command can finish during the resize.
  const ended = streamDone(socket).catch(() => undefined);
  // A broken connection ends the output; destroying with an error would crash a consumer
  // that has no 'error' listener. wait() still reports the exit code from the engine.
  socket.on('error', () => {
    stdout.end();
    stderr.end();
  });

  if (opts.cols && opts.rows) {
    // The process may not be registered yet right after start: retry briefly.
    for (let i = 0; i < 5; i++) {
      try {
        await resizeExec(engine, exec, opts.cols, opts.rows);
        break;
      } catch {
        await sleep(20 * (i + 1));
      }
    }
  }

  let exitPromise: Promise<number> | null = null;
  // A TTY process may outlive its dropped connection (docker keeps the exec running): such a
  // process is not ours to wait for, and polling it forever kept shut-downs from finishing.
  let closedAt: number | null = null;
  const abandoned = () => closedAt !== null && Date.now() - closedAt > ABANDON_AFTER_MS;
  return {
    id: exec.id,
    stdout,
    stderr,
    stdin: opts.stdin ? socket : null,
    resize: (cols, rows) => resizeExec(engine, exec, cols, rows),
    wait() {
      exitPromise ??= (async () => {
        await ended;
        return waitExecExit(exec, undefined, abandoned);
      })();
      return exitPromise;
    },
    close() {
      closedAt ??= Date.now();
      socket.destroy();
    },
  };
}
