import type { Server } from 'node:http';
import { AppError } from '../../../shared/errors';

/**
 * Listens on host:port; when `tryNext` is set and the port is taken, on the next ones (up to
 * `attempts`). Resolves with the port actually bound.
 */
export async function listenOnFreePort(
  server: Server,
  host: string,
  port: number,
  tryNext: boolean,
  attempts = 20,
): Promise<number> {
  for (let i = 0; i < (tryNext ? attempts : 1); i++) {
    const candidate = port === 0 ? 0 : port + i;
    try {
      await new Promise<void>((resolve, reject) => {
        const onError = (err: Error) => {
          server.off('listening', onListening);
          reject(err);
        };
        const onListening = () => {
          server.off('error', onError);
          resolve();
        };
        server.once('error', onError);
        server.once('listening', onListening);
        server.listen(candidate, host);
      });
      const address = server.address();
      return typeof address === 'object' && address ? address.port : candidate;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EADDRINUSE' && tryNext && port !== 0) continue;
      if (code === 'EADDRINUSE') {
        throw new AppError(
          'port-in-use',
          `Port ${candidate} on ${host} is already in use.`,
          'Pick another one with --port, or leave --port out to take the next free one.',
        );
      }
      if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') {
        throw new AppError(
          'bad-host',
          `Cannot listen on ${host}: no such local address.`,
          'Use 127.0.0.1 (the default) or an address of this machine.',
        );
      }
      throw new AppError(
        'listen-failed',
        `Cannot listen on ${host}:${candidate} (${code ?? 'unknown error'}).`,
        'Try another --port or --host.',
      );
    }
  }
  throw new AppError(
    'port-in-use',
    `Ports ${port} to ${port + attempts - 1} on ${host} are all in use.`,
    'Pick a free one with --port.',
  );
}
