/**
 * Tries every candidate address in order and keeps the first engine that answers. Each failed
 * try is reported in `attempts`, so "no engine" says exactly where it looked and why.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import type { EngineStatus } from '../../shared/schemas/engine';
import { AppError } from '../../shared/errors';
import { redactAddress } from './address';
import { engineCandidates } from './candidates';
import { connectEngineAt, type ConnectOptions } from './connect';
import type { Engine } from './types';

export const UNREACHABLE_HINT = 'start Docker or run `systemctl --user enable --now podman.socket`';

/** How to get an engine running, per platform: what the first-run screen lists. */
export function engineStartSteps(platform: NodeJS.Platform): string[] {
  if (platform === 'darwin') {
    return [
      'Docker Desktop, OrbStack or Rancher Desktop: open the app and wait until it says it is running',
      'Colima: run `colima start`',
      'Podman: run `podman machine init` once, then `podman machine start`',
    ];
  }
  if (platform === 'win32') {
    return [
      'Docker Desktop: open it and wait until it says it is running',
      'Podman Desktop: start its machine (or run `podman machine start`)',
    ];
  }
  return [
    'Docker: run `sudo systemctl enable --now docker` (then add yourself to the docker group, or use rootless Docker)',
    'Podman: run `systemctl --user enable --now podman.socket`',
    'An engine elsewhere: set DOCKER_HOST (e.g. unix:///path/to/engine.sock), or dockerSocketPath in the config',
  ];
}

export interface DiscoverOptions {
  env: Record<string, string | undefined>;
  dockerSocketPath?: string | undefined;
  platform?: NodeJS.Platform;
  homeDir?: string;
  uid?: number;
  /** Seams for tests; default to the real file system and engine. */
  connect?: (address: string, opts: ConnectOptions) => Promise<Engine>;
  socketExists?: (path: string) => Promise<boolean>;
  listDir?: (path: string) => Promise<string[]>;
  readText?: (path: string) => Promise<string | null>;
}

type Attempt = EngineStatus['attempts'][number];

async function realSocketExists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

async function realReadText(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return null;
  }
}

async function realListDir(path: string): Promise<string[]> {
  try {
    const entries = await readdir(path, { withFileTypes: true });
    return entries.map((e) => (e.isDirectory() ? `${e.name}/` : e.name));
  } catch {
    return [];
  }
}

function messageOf(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  // connectEngineAt says "no engine reachable at X: why"; the attempt already names X.
  return msg.replace(/^no engine reachable at \S+: /, '');
}

export function unreachableStatus(
  attempts: Attempt[],
  platform: NodeJS.Platform = process.platform,
): Extract<EngineStatus, { reachable: false }> {
  const tried = attempts
    .map((a) => `${a.address} (${a.source}: ${a.error ?? 'failed'})`)
    .join('; ');
  return {
    reachable: false,
    message: attempts.length
      ? `no engine reachable: tried ${tried}`
      : 'no engine reachable: no place to look for one',
    hint: UNREACHABLE_HINT,
    attempts,
    startSteps: engineStartSteps(platform),
  };
}

export function statusOf(engine: Engine, attempts: Attempt[]): EngineStatus {
  const { kind, version, apiVersion, address, source, os, arch, rootless } = engine.info;
  return {
    reachable: true,
    kind,
    version,
    apiVersion,
    address,
    source,
    os,
    arch,
    rootless,
    attempts,
  };
}

export async function discoverEngine(
  opts: DiscoverOptions,
): Promise<{ engine?: Engine; status: EngineStatus }> {
  const connect = opts.connect ?? connectEngineAt;
  const socketExists = opts.socketExists ?? realSocketExists;
  const candidates = await engineCandidates({
    env: opts.env,
    dockerSocketPath: opts.dockerSocketPath,
    platform: opts.platform ?? process.platform,
    homeDir: opts.homeDir ?? homedir(),
    uid: opts.uid ?? process.getuid?.(),
    listDir: opts.listDir ?? realListDir,
    readText: opts.readText ?? realReadText,
  });
  const attempts: Attempt[] = [];
  for (const c of candidates) {
    const shown = redactAddress(c.address);
    // Skip the connect for sockets that are not there: discovery stays fast and the reason clear.
    if (
      c.address.startsWith('unix://') &&
      !(await socketExists(c.address.slice('unix://'.length)))
    ) {
      attempts.push({ source: c.source, address: shown, error: 'no socket there' });
      continue;
    }
    try {
      const engine = await connect(c.address, {
        source: c.source,
        env: opts.env,
        timeoutMs: 10_000,
        ...(opts.homeDir ? { homeDir: opts.homeDir } : {}),
      });
      attempts.push({ source: c.source, address: engine.info.address });
      return { engine, status: statusOf(engine, attempts) };
    } catch (e) {
      attempts.push({ source: c.source, address: shown, error: messageOf(e) });
    }
  }
  return { status: unreachableStatus(attempts, opts.platform ?? process.platform) };
}

/** discoverEngine for callers that need an Engine or an actionable error. */
export async function requireEngine(opts: DiscoverOptions): Promise<Engine> {
  const { engine, status } = await discoverEngine(opts);
  if (engine) return engine;
  const s = status as Extract<EngineStatus, { reachable: false }>;
  throw new AppError('engine-unreachable', s.message, s.hint);
}
