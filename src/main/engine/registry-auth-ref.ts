/**
 * Which registry an image reference lives in, and which credential-file keys name that
 * registry: the rules of the docker CLI (reference/normalize.go, registry.ConvertToHostname).
 */

/** Docker Hub's name in config files and for credential helpers. */
export const HUB_SERVER = 'https://index.docker.io/v1/';
/** Docker Hub's canonical registry name. */
export const HUB_REGISTRY = 'docker.io';
const HUB_ALIASES = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);

/**
 * The registry of an image reference: the first path component when it looks like a host
 * (has a dot or a colon, or is "localhost"), else Docker Hub. Host names are compared
 * case-insensitively, so the result is lower-cased.
 */
export function registryOfRef(ref: string): string {
  const slash = ref.indexOf('/');
  if (slash < 0) return HUB_REGISTRY;
  const first = ref.slice(0, slash);
  if (!looksLikeHost(first)) return HUB_REGISTRY;
  const host = first.toLowerCase();
  return HUB_ALIASES.has(host) ? HUB_REGISTRY : host;
}

function looksLikeHost(component: string): boolean {
  return component.includes('.') || component.includes(':') || component === 'localhost';
}

/** The repository path inside its registry ("team/app" for "ghcr.io/team/app:1"). */
export function repositoryOfRef(ref: string): string {
  let path = ref.split('@')[0] ?? '';
  const slash = path.indexOf('/');
  if (slash >= 0 && looksLikeHost(path.slice(0, slash))) path = path.slice(slash + 1);
  // A tag is a colon after the last slash.
  const colon = path.indexOf(':', path.lastIndexOf('/') + 1);
  if (colon >= 0) path = path.slice(0, colon);
  if (registryOfRef(ref) === HUB_REGISTRY && !path.includes('/')) path = `library/${path}`;
  return path;
}

/** The address credential helpers and the engine know a registry by. */
export function serverAddressOf(registry: string): string {
  return registry === HUB_REGISTRY ? HUB_SERVER : registry;
}

/** A config-file key split into host (canonical, lower-case) and path ("" for none). */
export interface ParsedKey {
  host: string;
  path: string;
}

/**
 * Config keys may be "https://host:port/v1/", "host", or (Podman) "host/namespace/repo".
 * Returns null for keys that name no host.
 */
export function parseKey(key: string): ParsedKey | null {
  const noScheme = key.trim().replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
  const slash = noScheme.indexOf('/');
  const rawHost = (slash < 0 ? noScheme : noScheme.slice(0, slash)).toLowerCase();
  if (!/^[a-z0-9.-]+(:\d{1,5})?$/.test(rawHost) && !/^\[[0-9a-f:.]+\](:\d{1,5})?$/.test(rawHost))
    return null;
  const host = HUB_ALIASES.has(rawHost) ? HUB_REGISTRY : rawHost;
  let path = slash < 0 ? '' : noScheme.slice(slash + 1).replace(/\/+$/, '');
  // Docker's legacy "/v1" and "/v2" suffixes are API versions, not namespaces.
  if (/^v[12]$/.test(path)) path = '';
  return { host, path };
}

/**
 * How well `key` matches the reference: -1 no match, else the length of the matched
 * namespace (0 = the whole registry). With `namespaces` false (Docker's files) only the host
 * counts, as in the docker CLI; Podman's files may scope a key to "host/namespace".
 */
export function keyMatch(
  key: string,
  registry: string,
  repository: string,
  namespaces: boolean,
): number {
  const parsed = parseKey(key);
  if (!parsed || parsed.host !== registry) return -1;
  if (!namespaces || parsed.path === '') return 0;
  if (repository === parsed.path || repository.startsWith(`${parsed.path}/`))
    return parsed.path.length;
  return -1;
}

/**
 * The image references a Dockerfile's FROM lines pull, with ARG defaults (declared before
 * the first FROM) and build arguments substituted; stage names and `scratch` are skipped.
 */
export function fromImages(text: string, buildArgs: Record<string, string> = {}): string[] {
  const lines = text.replace(/\\\r?\n/g, ' ').split(/\r?\n/);
  const args = new Map<string, string>();
  const stages = new Set<string>();
  const refs: string[] = [];
  let seenFrom = false;
  for (const raw of lines) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const [instr = '', ...rest] = line.split(/\s+/);
    const keyword = instr.toUpperCase();
    if (keyword === 'ARG' && !seenFrom) {
      for (const word of rest) {
        const m = /^([A-Za-z_][A-Za-z0-9_]*)(?:=("?)(.*)\2)?$/.exec(word);
        if (!m) continue;
        const name = m[1]!;
        const value = buildArgs[name] ?? m[3];
        if (value !== undefined) args.set(name, value);
      }
    } else if (keyword === 'FROM') {
      seenFrom = true;
      const words = rest.filter((w) => !w.startsWith('--'));
      const ref = (words[0] ?? '').replace(
        /\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g,
        (_, name: string) => args.get(name) ?? '',
      );
      if (ref && ref.toLowerCase() !== 'scratch' && !stages.has(ref.toLowerCase())) refs.push(ref);
      if (words[1]?.toUpperCase() === 'AS' && words[2]) stages.add(words[2].toLowerCase());
    }
  }
  return refs;
}
