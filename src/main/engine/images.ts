/** Image operations: exists, labels, build (streamed progress), pull (streamed progress). */
import { posix } from 'node:path';
import { AppError } from '../../shared/errors';
import { readRegularText } from '../config/safe-read';
import { packContext } from './build-context';
import { engineMessage, isConnectionError, mapEngineError, statusCodeOf } from './errors';
import type { DockerodeEngine } from './engine';
import {
  authHint,
  buildRegistryConfig,
  lookupRegistryAuth,
  type AuthLookup,
} from './registry-auth';
import { fromImages } from './registry-auth-ref';
import { basePullError } from './base-pull-error';
import type { EngineKind } from '../../shared/schemas/engine';
import type { BuildOptions, BuildProgress } from './types';

interface ProgressEvent {
  stream?: string;
  status?: string;
  id?: string;
  progressDetail?: { current?: number; total?: number };
  error?: string;
  errorDetail?: { message?: string };
}

export async function imageExists(engine: DockerodeEngine, ref: string): Promise<boolean> {
  return (await imageLabels(engine, ref)) !== null;
}

export async function imageLabels(
  engine: DockerodeEngine,
  ref: string,
): Promise<Record<string, string> | null> {
  try {
    const info = await engine.docker.getImage(ref).inspect();
    return info.Config?.Labels ?? {};
  } catch (e) {
    if (statusCodeOf(e) === 404) return null;
    throw mapEngineError(e, { action: `look up image ${ref}`, address: engine.info.address });
  }
}

const STEP = /^(Step \d+\/\d+ :|STEP \d+(\/\d+)?:)/;

/** One progress event from the engine's JSON stream → BuildProgress (null if nothing to show). */
export function toProgress(ev: ProgressEvent): BuildProgress | null {
  if (typeof ev.stream === 'string') {
    const text = ev.stream.replace(/\r?\n$/, '');
    if (text.trim() === '') return null;
    return STEP.test(text.trim()) ? { kind: 'step', text: text.trim() } : { kind: 'log', text };
  }
  if (typeof ev.status === 'string') {
    const p: BuildProgress = { kind: 'pull', id: ev.id ?? '', status: ev.status };
    if (ev.progressDetail?.current !== undefined) p.current = ev.progressDetail.current;
    if (ev.progressDetail?.total !== undefined) p.total = ev.progressDetail.total;
    return p;
  }
  return null;
}

function follow(
  engine: DockerodeEngine,
  stream: NodeJS.ReadableStream,
  onProgress?: (p: BuildProgress) => void,
): Promise<string | null> {
  return new Promise((resolve, reject) => {
    let failure: string | null = null;
    engine.docker.modem.followProgress(
      stream,
      (err: Error | null) => (err ? reject(err) : resolve(failure)),
      (ev: ProgressEvent) => {
        if (ev.error || ev.errorDetail) {
          failure ??= (ev.errorDetail?.message ?? ev.error ?? 'unknown error').trim();
          return;
        }
        const p = toProgress(ev);
        if (p && onProgress) onProgress(p);
      },
    );
  });
}

export async function buildImage(
  engine: DockerodeEngine,
  opts: BuildOptions,
  onProgress?: (p: BuildProgress) => void,
): Promise<void> {
  const dockerfile = posix.normalize(opts.dockerfile.split('\\').join('/'));
  if (dockerfile.startsWith('../') || dockerfile.startsWith('/')) {
    throw new AppError(
      'build-failed',
      `the Dockerfile ${opts.dockerfile} is outside its build context ${opts.contextDir}`,
      'put the Dockerfile inside the folder it builds from',
    );
  }
  const read = await readRegularText(posix.join(opts.contextDir, dockerfile));
  if (!read.ok) {
    throw new AppError(
      'build-failed',
      read.why === 'missing'
        ? `no Dockerfile at ${posix.join(opts.contextDir, dockerfile)}`
        : read.message,
      'check the dockerfile setting in the config',
    );
  }
  const recipe = read.text;
  const context = await packContext(opts.contextDir, dockerfile);
  const auth = await buildAuth(engine, recipe, opts.buildArgs ?? {});
  let failure: string | null;
  try {
    const stream = await engine.docker.buildImage(context, {
      ...auth.options,
      t: opts.tag,
      dockerfile,
      buildargs: opts.buildArgs ?? {},
      labels: opts.labels ?? {},
      ...(opts.networkMode ? { networkmode: opts.networkMode } : {}),
      rm: true,
      forcerm: true,
      abortSignal: opts.signal,
    } as Parameters<typeof engine.docker.buildImage>[1]);
    failure = await follow(engine, stream, onProgress);
  } catch (e) {
    if (opts.signal?.aborted)
      throw new AppError('aborted', `the build of ${opts.tag} was cancelled`);
    if (isConnectionError(e))
      throw mapEngineError(e, { action: `build ${opts.tag}`, address: engine.info.address });
    throw new AppError(
      'build-failed',
      `building ${opts.tag} failed: ${engineMessage(e)}`,
      'fix the Dockerfile or the build context and retry',
      { cause: e },
    );
  }
  if (failure !== null) {
    // A base that is there now was pulled: a later step failed (maybe offline too, but its own).
    const missing: string[] = [];
    for (const ref of auth.pulled) {
      if (!(await imageExists(engine, ref).catch(() => true))) missing.push(ref);
    }
    const basePull = basePullError(opts.tag, failure, missing, recipe, engine.info.kind);
    if (basePull) throw basePull;
    const refused = auth.lookups.length > 0 && BUILD_AUTH_REFUSED.test(failure);
    throw new AppError(
      'build-failed',
      `building ${opts.tag} failed: ${failure}`,
      refused
        ? `a registry refused a FROM image; ${auth.lookups.map((l) => authHint(l, engine.info.kind)).join('; ')}`
        : 'fix the Dockerfile step shown above and retry',
    );
  }
  // Podman reports some failures only by not producing the image.
  if (!(await imageExists(engine, opts.tag))) {
    throw new AppError(
      'build-failed',
      `building ${opts.tag} ended without an image`,
      'see the build output above',
    );
  }
}

/**
 * Credentials for the registries a build pulls FROM (images already present are not pulled,
 * so their registries need no helper run).
 */
async function buildAuth(
  engine: DockerodeEngine,
  recipe: string,
  buildArgs: Record<string, string>,
): Promise<{
  options: { registryconfig?: { base64: string } };
  lookups: AuthLookup[];
  pulled: string[];
}> {
  const pulled: string[] = [];
  for (const ref of fromImages(recipe, buildArgs)) {
    if (!(await imageExists(engine, ref).catch(() => false))) pulled.push(ref);
  }
  const { config, lookups } = await buildRegistryConfig(pulled, engine.registryHost());
  if (Object.keys(config).length === 0) return { options: {}, lookups, pulled };
  // Go's base64.URLEncoding: the URL alphabet, with padding (Node's 'base64url' drops it).
  const base64 = Buffer.from(JSON.stringify(config))
    .toString('base64')
    .replace(/\+/g, '-')
    .replace(/\//g, '_');
  return { options: { registryconfig: { base64 } }, lookups, pulled };
}

/** A registry's refusal ("permission denied" is the engine's own file system, not a registry). */
const AUTH_REFUSED =
  /(unauthorized|authentication required|(?<!permission )denied|forbidden|no basic auth credentials|may require .?(docker|podman) login)/i;
/** Narrower for builds: a RUN step's output may say "access denied" or "forbidden" on its own. */
const BUILD_AUTH_REFUSED =
  /(unauthorized|authentication required|no basic auth credentials|pull access denied|requested access to the resource is denied|may require .?(docker|podman) login)/i;

export function pullError(
  ref: string,
  text: string,
  cause?: unknown,
  auth?: { lookup: AuthLookup; kind?: EngineKind },
): AppError {
  const t = text.toLowerCase();
  if (AUTH_REFUSED.test(t)) {
    return new AppError(
      'pull-failed',
      `the registry refused access to ${ref} (${text})`,
      (auth
        ? authHint(auth.lookup, auth.kind)
        : 'log in to the registry with your engine (e.g. `docker login`) or check that the image is public') +
        (/does not exist|not found/.test(t) ? '; also check the image name' : ''),
      { cause },
    );
  }
  if (
    /(not found|manifest unknown|does not exist|no such image|name unknown|repository .* not found)/.test(
      t,
    )
  ) {
    return new AppError(
      'pull-failed',
      `image ${ref} was not found in its registry (${text})`,
      'check the image name and tag, or build the image instead (buildImage: true)',
      { cause },
    );
  }
  if (t.includes('http response to https client')) {
    return new AppError(
      'pull-failed',
      `the registry for ${ref} speaks plain HTTP and the engine expects HTTPS (${text})`,
      'serve the registry over TLS, or list it as insecure in the engine settings (registries.conf for Podman, daemon.json for Docker)',
      { cause },
    );
  }
  if (
    /(no such host|timeout|connection refused|i\/o timeout|network is unreachable|tls|certificate)/.test(
      t,
    )
  ) {
    return new AppError(
      'pull-failed',
      `could not reach the registry for ${ref} (${text})`,
      'check the network/proxy settings of your engine, or build the image locally',
      { cause },
    );
  }
  return new AppError(
    'pull-failed',
    `pulling ${ref} failed: ${text}`,
    'check the image name and the engine log',
    { cause },
  );
}

export async function pullImage(
  engine: DockerodeEngine,
  ref: string,
  onProgress?: (p: BuildProgress) => void,
): Promise<void> {
  const lookup = await lookupRegistryAuth(ref, engine.registryHost());
  const auth = { lookup, kind: engine.info.kind };
  let failure: string | null;
  try {
    // A fresh object: dockerode deletes authconfig from the options it is given.
    const options = lookup.credential ? { authconfig: { ...lookup.credential } } : {};
    const stream = (await engine.docker.pull(ref, options)) as NodeJS.ReadableStream;
    failure = await follow(engine, stream, onProgress);
  } catch (e) {
    if (isConnectionError(e))
      throw mapEngineError(e, { action: `pull ${ref}`, address: engine.info.address });
    throw pullError(ref, engineMessage(e), e, auth);
  }
  if (failure !== null) throw pullError(ref, failure, undefined, auth);
}
