/**
 * Where to look for an engine, in order: DOCKER_HOST, config dockerSocketPath, the Docker
 * CLI's current context (if not "default"), the Docker socket, rootless then rootful Podman, then desktop VMs (Docker Desktop, Colima, Podman
 * machine). Paths only: which engine answers is decided later from its version answer.
 */
import { posix } from 'node:path';
import { dockerContextEndpoint } from './docker-context';

export interface Candidate {
  source: string;
  address: string;
}

export interface CandidateInput {
  env: Record<string, string | undefined>;
  dockerSocketPath?: string | undefined;
  platform: NodeJS.Platform;
  homeDir: string;
  uid?: number | undefined;
  /** Lists a folder's entries (names with a trailing "/" for folders); [] when missing. */
  listDir: (path: string) => Promise<string[]>;
  /** Reads a small text file; null when missing. For the Docker CLI's current context. */
  readText?: (path: string) => Promise<string | null>;
}

const unix = (p: string) => `unix://${p}`;

/** Finds `podman.sock` / `*-api.sock` files up to `depth` folders below `dir`. */
async function findSockets(
  dir: string,
  match: (name: string) => boolean,
  listDir: CandidateInput['listDir'],
  depth: number,
): Promise<string[]> {
  const found: string[] = [];
  const entries = (await listDir(dir)).sort();
  for (const name of entries) {
    if (name.endsWith('/')) {
      if (depth > 0)
        found.push(
          ...(await findSockets(posix.join(dir, name.slice(0, -1)), match, listDir, depth - 1)),
        );
    } else if (match(name)) found.push(posix.join(dir, name));
  }
  return found;
}

export async function engineCandidates(input: CandidateInput): Promise<Candidate[]> {
  const { env, platform, homeDir } = input;
  const home = (...p: string[]) => posix.join(homeDir, ...p);
  const list: Candidate[] = [];
  const dockerHost = env.DOCKER_HOST?.trim();
  if (dockerHost) list.push({ source: 'DOCKER_HOST', address: dockerHost });
  const configured = input.dockerSocketPath?.trim();
  if (configured) {
    list.push({
      source: 'config dockerSocketPath',
      address: configured.includes('://') ? configured : unix(configured),
    });
  }

  // The Docker CLI's current context, as `docker` itself would use it (after DOCKER_HOST).
  if (input.readText) {
    const ctx = await dockerContextEndpoint(env, homeDir, input.readText);
    if (ctx) list.push({ source: `docker context "${ctx.name}"`, address: ctx.host });
  }

  if (platform === 'win32') {
    list.push({ source: 'Docker Desktop', address: 'npipe:////./pipe/docker_engine' });
    list.push({ source: 'Podman machine', address: 'npipe:////./pipe/podman-machine-default' });
    return dedupe(list);
  }

  list.push({ source: 'docker socket', address: unix('/var/run/docker.sock') });
  const runtimeDir =
    env.XDG_RUNTIME_DIR ||
    (input.uid !== undefined && platform === 'linux' ? `/run/user/${input.uid}` : undefined);
  if (runtimeDir)
    list.push({
      source: 'rootless Podman',
      address: unix(posix.join(runtimeDir, 'podman/podman.sock')),
    });
  list.push({ source: 'rootful Podman', address: unix('/run/podman/podman.sock') });
  list.push({ source: 'Docker Desktop', address: unix(home('.docker/run/docker.sock')) });
  if (platform === 'linux')
    list.push({ source: 'Docker Desktop', address: unix(home('.docker/desktop/docker.sock')) });
  list.push({ source: 'Colima', address: unix(home('.colima/default/docker.sock')) });

  const machineDir = home('.local/share/containers/podman/machine');
  for (const p of await findSockets(
    machineDir,
    (n) => n === 'podman.sock' || n.endsWith('-api.sock'),
    input.listDir,
    3,
  )) {
    list.push({ source: 'Podman machine', address: unix(p) });
  }
  if (platform === 'darwin') {
    // Podman machine on macOS puts its API socket under $TMPDIR (and /tmp for older versions).
    const tmpDirs = [env.TMPDIR, '/tmp']
      .filter((d): d is string => !!d)
      .map((d) => posix.join(d, 'podman'));
    for (const dir of tmpDirs) {
      for (const p of await findSockets(
        dir,
        (n) => n.endsWith('-api.sock') || n === 'podman.sock',
        input.listDir,
        0,
      )) {
        list.push({ source: 'Podman machine', address: unix(p) });
      }
    }
  }
  return dedupe(list);
}

function dedupe(list: Candidate[]): Candidate[] {
  const seen = new Set<string>();
  return list.filter((c) => {
    const key = c.address.replace(/\/+$/, '');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
