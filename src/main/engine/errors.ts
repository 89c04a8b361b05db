/**
 * Maps dockerode/docker-modem failures to AppErrors a user can act on. docker-modem errors
 * carry `statusCode` and the engine's JSON `message`; socket errors carry a Node `code`.
 */
import { AppError, isAppError } from '../../shared/errors';

interface ModemError {
  statusCode?: number;
  code?: string;
  message?: string;
  json?: { message?: string } | string | null;
}

/** The engine's own words, without docker-modem's "(HTTP code 404) unexpected - " prefix. */
export function engineMessage(err: unknown): string {
  const e = (err ?? {}) as ModemError;
  if (e.json && typeof e.json === 'object' && typeof e.json.message === 'string')
    return e.json.message.trim();
  if (typeof e.json === 'string' && e.json.trim() !== '') return e.json.trim();
  const msg = typeof e.message === 'string' ? e.message : String(err);
  return msg.replace(/^\(HTTP code \d+\)\s*[^-]*-\s*/, '').trim();
}

export function statusCodeOf(err: unknown): number | undefined {
  const code = (err as ModemError | null)?.statusCode;
  return typeof code === 'number' ? code : undefined;
}

const CONNECTION_CODES = new Set([
  'ENOENT',
  'ECONNREFUSED',
  'EACCES',
  'EPERM',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'ECONNRESET',
  'EPIPE',
]);

export function isConnectionError(err: unknown): boolean {
  const code = (err as ModemError | null)?.code;
  return typeof code === 'string' && CONNECTION_CODES.has(code);
}

/** One line why a socket could not be used, for discovery `attempts`. */
export function connectionProblem(err: unknown): string {
  const e = (err ?? {}) as ModemError;
  switch (e.code) {
    case 'ENOENT':
      return 'no socket there';
    case 'ECONNREFUSED':
      return 'connection refused (engine not running)';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied (is your user in the docker group?)';
    case 'ETIMEDOUT':
      return 'timed out';
    case 'ENOTFOUND':
      return 'host not found';
    default:
      return engineMessage(err);
  }
}

export interface ErrorContext {
  /** What was being done, e.g. `start container abc123`. */
  action: string;
  address: string;
  /** Which not-found code a 404 maps to. */
  notFound?: 'container-not-found' | 'image-not-found';
  what?: string;
}

/**
 * The engine's refusal of a writable-layer size (resources.disk) as an error that names the
 * setting and why: Docker's overlay2 and Podman's overlay need xfs mounted with pquota (Docker
 * also has it on btrfs, zfs, devicemapper and windowsfilter). The user asked for a limit, so
 * the session does not start without it.
 */
export function diskLimitRefusal(err: unknown, kind: string): void {
  const text = engineMessage(err);
  if (!/storage-?opt|storage option|pquota|quota/i.test(text)) return;
  throw new AppError(
    'disk-limit-unsupported',
    `resources.disk is set, but this ${kind} engine cannot limit a container's disk: ${text}`,
    'remove resources.disk from the config, or move the engine storage to xfs mounted with pquota (see docs/security-model.md)',
    { cause: err },
  );
}

export function mapEngineError(err: unknown, ctx: ErrorContext): AppError {
  if (isAppError(err)) return err;
  if (isConnectionError(err)) {
    return new AppError(
      'engine-unreachable',
      `could not ${ctx.action}: the engine at ${ctx.address} is not reachable (${connectionProblem(err)})`,
      'start Docker or run `systemctl --user enable --now podman.socket`, then retry',
      { cause: err },
    );
  }
  const status = statusCodeOf(err);
  const text = engineMessage(err);
  if (status === 404 && ctx.notFound === 'container-not-found') {
    return new AppError(
      'container-not-found',
      `${ctx.what ?? 'container'} does not exist (${text})`,
      'it was removed outside the app; start a new session',
      { cause: err },
    );
  }
  if (status === 404 && ctx.notFound === 'image-not-found') {
    return new AppError(
      'image-not-found',
      `image ${ctx.what ?? ''} does not exist on the engine (${text})`,
      'build it, pull it, or check the image name in the config (dockerImage)',
      { cause: err },
    );
  }
  if (status === 409 && /already in use|conflict/i.test(text)) {
    return new AppError(
      'engine-error',
      `could not ${ctx.action}: ${text}`,
      'the name or resource is in use; remove the old container or pick another name',
      { cause: err },
    );
  }
  return new AppError('engine-error', `could not ${ctx.action}: ${text}`, hintFor(text), {
    cause: err,
  });
}

function hintFor(text: string): string {
  const t = text.toLowerCase();
  // Docker: "Container x is not running"; Podman: "can only create exec sessions on running containers".
  if (t.includes('is not running') || t.includes('on running containers'))
    return 'start the container (or restart the session) first';
  if (t.includes('no such image') || t.includes('image not known'))
    return 'build or pull the image first';
  if (t.includes('permission denied')) return 'check the engine permissions for your user';
  if (t.includes('network') && t.includes('not found'))
    return 'use an existing network name or "none"/"host" in the config (network)';
  return 'see the engine message above; the engine log may say more';
}
