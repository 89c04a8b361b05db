/**
 * Turns an engine address (unix://, tcp://, ssh://, npipe://) into dockerode options. TLS for
 * tcp:// follows the Docker CLI's environment convention (DOCKER_TLS_VERIFY, DOCKER_CERT_PATH).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type Dockerode from 'dockerode';
import { AppError } from '../../shared/errors';
import { redactUrlCredentials } from '../../shared/secrets';

export interface ParsedAddress {
  /** Shown to users and stored in session records: never carries a password. */
  display: string;
  options: Dockerode.DockerOptions;
}

export interface AddressEnv {
  DOCKER_TLS_VERIFY?: string;
  DOCKER_CERT_PATH?: string;
  [key: string]: string | undefined;
}

function badAddress(address: string, why: string): AppError {
  return new AppError(
    'engine-unreachable',
    `engine address "${redactAddress(address)}" is not usable: ${why}`,
    'use unix:///path/to/docker.sock, tcp://host:port or ssh://user@host',
  );
}

/** Drops any password from user:password@host so the address can be logged. */
export function redactAddress(address: string): string {
  return redactUrlCredentials(address);
}

export function parseEngineAddress(address: string, env: AddressEnv = {}): ParsedAddress {
  const trimmed = address.trim();
  if (trimmed === '') throw badAddress(address, 'it is empty');
  // A bare absolute path is what the config's dockerSocketPath usually holds.
  if (trimmed.startsWith('/')) return unixAddress(trimmed);
  const m = /^([a-z][a-z0-9+.-]*):\/\/(.*)$/i.exec(trimmed);
  if (!m) throw badAddress(address, 'it has no scheme');
  const scheme = m[1]!.toLowerCase();
  const rest = m[2]!;
  switch (scheme) {
    case 'unix':
      if (!rest.startsWith('/')) throw badAddress(address, 'the socket path must be absolute');
      return unixAddress(rest);
    case 'npipe':
      return { display: trimmed, options: { socketPath: rest.replace(/\//g, '\\') } };
    case 'tcp':
    case 'http':
    case 'https':
      return tcpAddress(trimmed, scheme, env);
    case 'ssh':
      return sshAddress(trimmed, env);
    default:
      throw badAddress(address, `scheme "${scheme}" is not supported`);
  }
}

function unixAddress(path: string): ParsedAddress {
  return { display: `unix://${path}`, options: { socketPath: path } };
}

function tcpAddress(address: string, scheme: string, env: AddressEnv): ParsedAddress {
  let url: URL;
  try {
    url = new URL(address.replace(/^tcp:/i, 'http:'));
  } catch {
    throw badAddress(address, 'host or port is malformed');
  }
  if (!url.hostname) throw badAddress(address, 'it has no host');
  const tlsVerify =
    env.DOCKER_TLS_VERIFY !== undefined &&
    env.DOCKER_TLS_VERIFY !== '' &&
    env.DOCKER_TLS_VERIFY !== '0';
  const tls = scheme === 'https' || tlsVerify;
  const port = url.port ? Number(url.port) : tls ? 2376 : 2375;
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const options: Dockerode.DockerOptions = { host, port, protocol: tls ? 'https' : 'http' };
  if (tls) {
    const certPath = env.DOCKER_CERT_PATH;
    if (certPath) {
      try {
        options.ca = readFileSync(join(certPath, 'ca.pem'));
        options.cert = readFileSync(join(certPath, 'cert.pem'));
        options.key = readFileSync(join(certPath, 'key.pem'));
      } catch (e) {
        throw new AppError(
          'engine-unreachable',
          `TLS files for ${host}:${port} could not be read from DOCKER_CERT_PATH (${certPath}): ${(e as Error).message}`,
          'DOCKER_CERT_PATH must hold ca.pem, cert.pem and key.pem',
        );
      }
    }
  }
  return { display: `tcp://${url.hostname}:${port}`, options };
}

function sshAddress(address: string, env: AddressEnv): ParsedAddress {
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    throw badAddress(address, 'host or port is malformed');
  }
  if (!url.hostname) throw badAddress(address, 'it has no host');
  const port = url.port ? Number(url.port) : 22;
  const username = decodeURIComponent(url.username) || undefined;
  const options: Dockerode.DockerOptions = {
    protocol: 'ssh',
    host: url.hostname,
    port,
    // Authentication goes through the user's ssh-agent, as with the Docker CLI.
    sshOptions: { agent: env.SSH_AUTH_SOCK },
  };
  if (username) options.username = username;
  const display = `ssh://${username ? `${username}@` : ''}${url.hostname}${url.port ? `:${port}` : ''}`;
  return { display, options };
}
