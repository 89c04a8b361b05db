/**
 * Value formats of config keys that plain zod types cannot express: environment variable names,
 * container-name-safe tokens, memory sizes and legacy `volumes` strings. Kept apart from the
 * schema so the loader can reuse the parsers (memory → bytes, volume → mount).
 */

/** POSIX-portable environment variable name. */
export const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Docker/Podman container and network names: `[a-zA-Z0-9][a-zA-Z0-9_.-]*`. */
export const NAME_TOKEN = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;

/** A user for `docker run --user`: name or uid, optionally `:group` or `:gid`. */
export const CONTAINER_USER = /^[A-Za-z0-9_][A-Za-z0-9_.-]*(:[A-Za-z0-9_][A-Za-z0-9_.-]*)?$/;

/** A git remote name: no leading dash (it would read as an option), no spaces or `..`. */
export const REMOTE_NAME = /^(?!.*\.\.)[A-Za-z0-9_][A-Za-z0-9_./-]*$/;

/** Memory sizes as Docker writes them: `512m`, `4g`, `1.5g`, `1073741824` (bytes). */
export const MEMORY_SIZE = /^(\d+(?:\.\d+)?)\s*([bkmgt]?)b?$/i;

const UNIT: Record<string, number> = {
  '': 1,
  b: 1,
  k: 1024,
  m: 1024 ** 2,
  g: 1024 ** 3,
  t: 1024 ** 4,
};

/** Docker refuses limits below 6 MiB. */
export const MIN_MEMORY_BYTES = 6 * 1024 ** 2;

/**
 * Upper bounds of every numeric setting, enforced for every file (the user's own too): a limit
 * is only a limit if it cannot be set to "everything". Sized for a big workstation, not a
 * cluster node; docs/config.md shows them (from the schema).
 */
export const LIMIT_MAX = {
  memory: '256g',
  cpus: 256,
  pids: 65_536,
  disk: '4t',
  /** Each line costs about 6 KB per terminal at 1,000 columns (1,000,000 lines took 6 GB). */
  terminalScrollback: 50_000,
  maxThinkingTokens: 1_000_000,
  /** 24 hours. */
  bashTimeout: 86_400_000,
} as const;

/** The smallest writable-layer size the engines accept reliably. */
export const MIN_DISK_BYTES = 100 * 1024 ** 2;

/** `'4g'` → 4294967296; undefined when the string is not a memory size. */
export function parseMemory(value: string): number | undefined {
  const m = MEMORY_SIZE.exec(value.trim());
  if (!m) return undefined;
  const bytes = Math.floor(Number(m[1]) * UNIT[m[2]!.toLowerCase()]!);
  return Number.isFinite(bytes) ? bytes : undefined;
}

export interface VolumeSpec {
  source: string;
  target: string;
  readonly: boolean;
}

/**
 * `host:container[:ro|rw]` → parts, or an error text. A Windows drive letter (`C:\x` or `C:/x`)
 * at the start belongs to the host path, so its colon does not split.
 */
export function parseVolume(spec: string): VolumeSpec | { error: string } {
  const drive = /^[A-Za-z]:[\\/]/.test(spec) ? spec.slice(0, 2) : '';
  const parts = spec.slice(drive.length).split(':');
  let mode: string | undefined;
  if (parts.length === 3) mode = parts.pop();
  if (parts.length !== 2) {
    return { error: 'expected "host:container" or "host:container:ro|rw"' };
  }
  const [host, container] = parts as [string, string];
  if (mode !== undefined && mode !== 'ro' && mode !== 'rw') {
    return { error: `expected the mode "ro" or "rw" after the second colon, got "${mode}"` };
  }
  if (drive + host === '' || container === '') {
    return { error: 'expected a host path and a container path on both sides of ":"' };
  }
  return { source: drive + host, target: container, readonly: mode === 'ro' };
}
