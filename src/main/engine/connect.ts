/**
 * Connects to one engine address: ping, read its version (which decides docker vs podman) and
 * whether it runs rootless, and returns a ready Engine.
 */
import { homedir } from 'node:os';
import Dockerode from 'dockerode';
import { AppError } from '../../shared/errors';
import { parseEngineAddress, type AddressEnv } from './address';
import { DockerodeEngine } from './engine';
import { connectionProblem, isConnectionError, engineMessage } from './errors';
import { engineKindFromVersion, engineVersion, type VersionAnswer } from './kind';
import type { Engine, EngineInfo } from './types';

export interface ConnectOptions {
  /** Where the address came from, for status and error messages. */
  source?: string;
  /** For DOCKER_TLS_VERIFY / DOCKER_CERT_PATH / SSH_AUTH_SOCK. */
  env?: AddressEnv;
  /** Per-request timeout while probing (a dead tcp host must not hang discovery). */
  timeoutMs?: number;
  /** Home for registry credential files (~/.docker, ~/.config/containers); default os.homedir(). */
  homeDir?: string;
}

export async function connectEngineAt(address: string, opts: ConnectOptions = {}): Promise<Engine> {
  const parsed = parseEngineAddress(address, opts.env ?? {});
  // A busy engine (parallel builds) can take seconds to answer a ping: be patient by default.
  const timeoutMs = opts.timeoutMs ?? 15_000;
  const probe = new Dockerode({ ...parsed.options, timeout: timeoutMs });
  const t0 = Date.now();
  let version: VersionAnswer;
  let rootless = false;
  try {
    await probe.ping();
    version = (await probe.version()) as VersionAnswer;
    try {
      const info = (await probe.info()) as { SecurityOptions?: string[] };
      rootless = (info.SecurityOptions ?? []).some((o) => o.includes('name=rootless'));
    } catch {
      // info is optional for the status; a failing /info must not hide a working engine
    }
  } catch (e) {
    // docker-modem ends a timed-out request with a bare "socket hang up".
    const timedOut = Date.now() - t0 >= timeoutMs - 50;
    const why = timedOut
      ? `no answer within ${Math.round(timeoutMs / 1000)} s (engine busy or hung)`
      : isConnectionError(e)
        ? connectionProblem(e)
        : engineMessage(e);
    throw new AppError(
      'engine-unreachable',
      `no engine reachable at ${parsed.display}: ${why}`,
      'start Docker or run `systemctl --user enable --now podman.socket`',
      { cause: e },
    );
  }
  const info: EngineInfo = {
    kind: engineKindFromVersion(version),
    version: engineVersion(version),
    apiVersion: version.ApiVersion ?? 'unknown',
    address: parsed.display,
    source: opts.source ?? 'address',
    os: version.Os ?? 'unknown',
    arch: version.Arch ?? 'unknown',
    rootless,
  };
  // The long-lived client has no request timeout: logs/exec streams stay open for hours.
  // env (DOCKER_CONFIG, REGISTRY_AUTH_FILE, PATH for credential helpers) and home decide
  // where registry credentials are found.
  return new DockerodeEngine(info, new Dockerode(parsed.options), {
    env: opts.env ?? process.env,
    homeDir: opts.homeDir ?? homedir(),
  });
}
