/**
 * The web UI for `start` and `attach`: the same server and browser opener as `claude-run web`,
 * but on the command's own core, so the browser sees the session this process started and the
 * agent's terminal it holds.
 */
import { isLoopbackHost } from '../../main/transport/web/guard';
import { startWebServer } from '../../main/transport/web/server';
import { openInBrowser } from '../open-browser';
import { findRendererDir } from '../renderer-dir';
import type { WebLauncher } from './context';

export function webLauncher(platform: NodeJS.Platform): WebLauncher {
  return async (core, { io }) => {
    const server = await startWebServer({
      core,
      rendererDir: findRendererDir(),
      // Each link opens one tab: the next one for another tab (or after the browser took one).
      onLinkUsed: (next) => io.stderr.write(`Web UI link for another tab: ${next}\n`),
      log: {
        warn: (m) => (io.env.CCR_DEBUG ? io.stderr.write(`[web] ${m}\n`) : undefined),
        error: (m) => io.stderr.write(`[web] ${m}\n`),
      },
    });
    let cleanup: (() => Promise<void>) | undefined;
    // CCR_NO_OPEN / BROWSER=none: print the link only (ssh sessions, CI, tests).
    if (!io.env.CCR_NO_OPEN && io.env.BROWSER !== 'none' && isLoopbackHost(server.host)) {
      cleanup = await openInBrowser(server.url, platform).catch(() => {
        io.stderr.write('Could not open a browser; open the link yourself.\n');
        return undefined;
      });
    }
    return {
      url: server.url,
      async close() {
        await cleanup?.();
        await server.close();
      },
    };
  };
}
