/** The option parser for a TCP port (`web --port`, `port <port>`). */
import { InvalidArgumentError } from 'commander';

export function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || !Number.isInteger(port) || port < 1 || port > 65535) {
    throw new InvalidArgumentError('a port is a number from 1 to 65535.');
  }
  return port;
}
