/**
 * `claude-run web`: the app in a browser. Serves the built renderer and the API on loopback,
 * prints the URL with the per-launch token, opens the browser, runs until Ctrl+C.
 */
import type { Command } from 'commander';
import {
  DEFAULT_HOST,
  DEFAULT_PORT,
  startWebServer,
  type WebServer,
} from '../../main/transport/web/server';
import { isLoopbackHost } from '../../main/transport/web/guard';
import { openInBrowser } from '../open-browser';
import { findRendererDir } from '../renderer-dir';
import { shutdownProgress } from '../shutdown';
import type { CliCommand } from './command';
import type { CliContext } from './context';
import { parsePort } from './parse-port';
import { plain, runner } from './run';
import { waitForInterrupt } from './serve';

export interface WebOptions {
  port?: number;
  host: string;
  open: boolean;
  allowRemote: boolean;
}

export const webCommand: CliCommand = {
  register(program: Command, deps) {
    const run = runner(deps);
    program
      .command('web')
      .description(
        'Open the app in your browser (served on this machine only, protected by a secret token).',
      )
      .option(
        '-p, --port <port>',
        `port to listen on (default ${DEFAULT_PORT}, or the next free one)`,
        parsePort,
      )
      .option('--host <host>', 'address to listen on', DEFAULT_HOST)
      .option('--no-open', 'do not open a browser; just print the URL')
      .option(
        '--allow-remote',
        'allow a non-loopback --host (anyone with the token controls your sessions)',
        false,
      )
      .action((options: WebOptions) =>
        run(plain, async (ctx) => {
          const web = await startWeb(options, ctx);
          const signal = await waitForInterrupt();
          ctx.print(
            `\nStopping (${signal}); sessions keep running in their containers. Ctrl-C again exits now.\n`,
          );
          await web.stop();
          shutdownProgress();
          return 0;
        }),
      );
  },
};

/**
 * Starts the server on the context's core (which also brings the sessions' commits home) and
 * prints how to reach it; the caller decides when to stop, and disposes the context.
 */
export async function startWeb(
  options: WebOptions,
  ctx: CliContext,
  rendererDir = findRendererDir(),
): Promise<{ server: WebServer; stop(): Promise<void> }> {
  const core = await ctx.getCore();
  await ctx.importCommits();
  const server = await startWebServer({
    core,
    rendererDir,
    host: options.host,
    port: options.port,
    nextFreePort: options.port === undefined,
    allowRemote: options.allowRemote,
    onLinkUsed: (next) =>
      ctx.print(
        `A browser tab opened the link; for another tab use this one (single use):\n  ${next}\n`,
      ),
    log: {
      warn: (m) => ctx.note(`[web] ${m}\n`),
      error: (m, e) => ctx.note(`[web] ${m}${e instanceof Error ? `: ${e.message}` : ''}\n`),
    },
  });
  ctx.print(`Claude Code Runner ${ctx.deps.version} — web mode\n`);
  if (options.port === undefined && server.port !== DEFAULT_PORT)
    ctx.print(`Port ${DEFAULT_PORT} is taken; using ${server.port}.\n`);
  if (!isLoopbackHost(server.host)) {
    ctx.note(
      `WARNING: listening on ${server.host}, reachable from other machines. Anyone with the link controls your sessions and containers.\n`,
    );
  }
  ctx.print(`\n  Open: ${server.url}\n\n`);
  ctx.print(
    'The link opens one tab (reloads keep working) and holds a secret token; keep it private. Press Ctrl+C to stop.\n',
  );
  let cleanup: (() => Promise<void>) | undefined;
  if (options.open) {
    try {
      cleanup = await openInBrowser(server.url, ctx.platform);
    } catch {
      ctx.note('Could not open a browser; open the link above yourself.\n');
    }
  }
  return {
    server,
    async stop() {
      await cleanup?.();
      await server.close();
    },
  };
}
