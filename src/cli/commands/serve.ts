/**
 * The web UI for the CLI's commands: the `web` command's server on this process's core, kept
 * up until the user presses Ctrl-C. The containers outlive this process: only the web server
 * and this process's terminals end with it.
 */
import { AppError } from '../../shared/errors';
import { shutdownProgress, watchStop } from '../shutdown';
import type { CliContext } from './context';

export interface OpenWeb {
  url: string;
  close(): Promise<void>;
}

export async function openWeb(ctx: CliContext, sessionId?: string): Promise<OpenWeb> {
  const web = ctx.deps.web;
  if (!web) {
    throw new AppError(
      'web-unavailable',
      'this build of claude-run has no web UI',
      'use --no-web to work in this terminal instead',
    );
  }
  await ctx.importCommits();
  const server = await web(await ctx.getCore(), {
    io: ctx.io,
    ...(sessionId ? { sessionId } : {}),
  });
  ctx.print(`Web UI: ${server.url}\n`);
  return server;
}

export async function serveUntilInterrupted(
  ctx: CliContext,
  server: OpenWeb,
  signal?: AbortSignal,
): Promise<void> {
  ctx.note('Press Ctrl-C to stop the web UI (the containers keep running).\n');
  await waitForInterrupt(signal);
  ctx.note(
    '\nStopping the web UI; the containers keep running (`claude-run stop` stops them). Ctrl-C again exits now.\n',
  );
  await server.close();
  shutdownProgress();
}

/**
 * Resolves with the signal's name when the user asks the process to stop (Ctrl-C, SIGTERM,
 * SIGHUP), or 'abort' when `signal` aborts (tests). A signal also starts the watch on the stop
 * (../shutdown.ts): a second Ctrl-C exits at once, a stop that is stuck ends.
 */
export function waitForInterrupt(signal?: AbortSignal): Promise<string> {
  return new Promise((resolve) => {
    const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
    const done = (received?: unknown) => {
      const name = typeof received === 'string' ? received : 'abort';
      if (name !== 'abort') watchStop(name);
      for (const s of signals) process.off(s, done);
      signal?.removeEventListener('abort', done);
      resolve(name);
    };
    for (const s of signals) process.once(s, done);
    if (signal?.aborted) done();
    signal?.addEventListener('abort', done);
  });
}
