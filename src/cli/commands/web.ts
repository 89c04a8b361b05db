/**
 * `claude-run web`: the app in a browser. Serves the built renderer and the API on loopback,
 * prints the URL with the per-launch token, opens the browser, runs until Ctrl+C.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { createCore } from '../../main/core';
import { appDataDir } from '../../main/app/paths';
import {
  DEFAULT_HOST,
  DEFAULT_PORT,
  startWebServer,
  type WebServer,
} from '../../main/transport/web/server';
import { isLoopbackHost } from '../../main/transport/web/guard';
import { AppError } from '../../shared/errors';
import type { CliContext } from '../context';
import { parsePort } from '../program';
import { openInBrowser } from '../open-browser';
import type { CliCommand } from './index';

export interface WebOptions {
  port?: number;
  host: string;
  open: boolean;
  allowRemote: boolean;
}

export const webCommand: CliCommand = {
  register(program: Command, ctx: CliContext) {
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
      .action(async (options: WebOptions) => {
        const web = await startWeb(options, ctx);
        const signal = await ctx.untilStopped();
        ctx.out(`\nStopping (${signal}); sessions keep running in their containers.`);
        await web.stop();
      });
  },
};

/** Starts everything and prints how to reach it; the caller decides when to stop. */
export async function startWeb(
  options: WebOptions,
  ctx: CliContext,
  rendererDir = findRendererDir(),
): Promise<{ server: WebServer; stop(): Promise<void> }> {
  const core = await createCore({
    dataDir: appDataDir(ctx.env, ctx.platform),
    mode: 'web',
    version: ctx.version,
    env: ctx.env,
  });
  let server: WebServer;
  try {
    server = await startWebServer({
      core,
      rendererDir,
      host: options.host,
      port: options.port,
      nextFreePort: options.port === undefined,
      allowRemote: options.allowRemote,
      onLinkUsed: (next) =>
        ctx.out(
          `A browser tab opened the link; for another tab use this one (single use):\n  ${next}`,
        ),
      log: {
        warn: (m) => ctx.err(`[web] ${m}`),
        error: (m, e) => ctx.err(`[web] ${m}${e instanceof Error ? `: ${e.message}` : ''}`),
      },
    });
  } catch (err) {
    await core.dispose();
    throw err;
  }
  ctx.out(`Claude Code Runner ${ctx.version} — web mode`);
  if (options.port === undefined && server.port !== DEFAULT_PORT)
    ctx.out(`Port ${DEFAULT_PORT} is taken; using ${server.port}.`);
  if (!isLoopbackHost(server.host)) {
    ctx.err(
      `WARNING: listening on ${server.host}, reachable from other machines. Anyone with the link controls your sessions and containers.`,
    );
  }
  ctx.out(`\n  Open: ${server.url}\n`);
  ctx.out(
    'The link opens one tab (reloads keep working) and holds a secret token; keep it private. Press Ctrl+C to stop.',
  );
  let cleanup: (() => Promise<void>) | undefined;
  if (options.open) {
    try {
      cleanup = await openInBrowser(server.url, ctx.platform);
    } catch {
      ctx.err('Could not open a browser; open the link above yourself.');
    }
  }
  return {
    server,
    async stop() {
      await cleanup?.();
      await server.close();
      await core.dispose();
    },
  };
}

/** out/renderer next to the bundle (out/main/cli.js), or the dev tree's build. */
export function findRendererDir(): string {
  const candidates = [
    resolve(__dirname, '../renderer'),
    resolve(__dirname, '../../../out/renderer'),
    resolve(process.cwd(), 'out/renderer'),
  ];
  const found = candidates.find((dir) => existsSync(join(dir, 'index.html')));
  if (!found) {
    throw new AppError('ui-not-built', 'The web UI is not built.', 'Run `npm run build` first.');
  }
  return found;
}
