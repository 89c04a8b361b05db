/**
 * Registry credentials for pulls and builds, found where `docker login` and `podman login`
 * leave them (registry-auth-files.ts) or through the credential helpers those files name
 * (registry-auth-helper.ts). The credential goes only to the engine API; what is reported
 * (source, places looked, notes) never contains a secret. Nothing here throws: without
 * credentials the pull is still tried anonymously.
 */
import type { EngineKind } from '../../shared/schemas/engine';
import {
  orderedAuthFiles,
  readAuthFile,
  type AuthFile,
  type HostEnv,
  type RegistryCredential,
  type StoredSecret,
} from './registry-auth-files';
import { runCredentialHelper } from './registry-auth-helper';
import {
  HUB_REGISTRY,
  keyMatch,
  parseKey,
  registryOfRef,
  repositoryOfRef,
  serverAddressOf,
} from './registry-auth-ref';

export type { HostEnv, RegistryCredential };

export interface RegistryHost extends HostEnv {
  /** The engine's kind decides whose files are read first. */
  kind?: EngineKind;
}

export interface AuthLookup {
  /** "docker.io" or host[:port]. */
  registry: string;
  credential: RegistryCredential | null;
  /** Where the credential came from ("/home/u/.docker/config.json (auths)", a helper). */
  source: string | null;
  /** Files that exist and helpers that ran, in order. */
  looked: string[];
  /** Things ignored and why (bad files, failing helpers), for logs and hints. */
  notes: string[];
}

function credentialFor(secret: StoredSecret, registry: string): RegistryCredential {
  const serveraddress = serverAddressOf(registry);
  return 'identitytoken' in secret
    ? { identitytoken: secret.identitytoken, serveraddress }
    : { username: secret.username, password: secret.password, serveraddress };
}

async function readFiles(host: RegistryHost): Promise<{ files: AuthFile[]; notes: string[] }> {
  const files: AuthFile[] = [];
  const notes: string[] = [];
  for (const { path, family } of orderedAuthFiles(host, host.kind)) {
    const r = await readAuthFile(path, family);
    notes.push(...r.notes);
    if (r.file) files.push(r.file);
  }
  return { files, notes };
}

/** The entry of `map` whose key matches best (longest namespace), if any. */
function bestKey<T>(
  map: Map<string, T>,
  registry: string,
  repository: string,
  namespaces: boolean,
): [string, T] | null {
  let best: [string, T] | null = null;
  let bestLen = -1;
  for (const [key, value] of map) {
    const len = keyMatch(key, registry, repository, namespaces);
    if (len > bestLen) {
      best = [key, value];
      bestLen = len;
    }
  }
  return best;
}

async function lookupIn(
  files: AuthFile[],
  ref: string,
  host: RegistryHost,
  lookup: AuthLookup,
): Promise<void> {
  const { registry } = lookup;
  const repository = repositoryOfRef(ref);
  const server = serverAddressOf(registry);
  const helper = async (name: string, why: string): Promise<boolean> => {
    const where = `docker-credential-${name} (${why})`;
    lookup.looked.push(where);
    const r = await runCredentialHelper(name, server, host.env, {
      ...(host.platform ? { platform: host.platform } : {}),
    });
    if (r.note) lookup.notes.push(r.note);
    if (!r.secret) return false;
    lookup.credential = credentialFor(r.secret, registry);
    lookup.source = where;
    return true;
  };
  for (const file of files) {
    lookup.looked.push(file.path);
    const namespaces = file.family === 'podman';
    const byHelper = bestKey(file.credHelpers, registry, repository, namespaces);
    if (byHelper && (await helper(byHelper[1], `credHelpers in ${file.path}`))) return;
    const entry = bestKey(file.auths, registry, repository, namespaces);
    if (entry) {
      lookup.credential = credentialFor(entry[1], registry);
      lookup.source = `${file.path} (auths)`;
      return;
    }
    if (file.credsStore && (await helper(file.credsStore, `credsStore in ${file.path}`))) return;
  }
}

/** Credentials for pulling `ref`, or null with what was looked at. */
export async function lookupRegistryAuth(ref: string, host: RegistryHost): Promise<AuthLookup> {
  const lookup: AuthLookup = {
    registry: registryOfRef(ref),
    credential: null,
    source: null,
    looked: [],
    notes: [],
  };
  try {
    const { files, notes } = await readFiles(host);
    lookup.notes.push(...notes);
    await lookupIn(files, ref, host, lookup);
  } catch {
    // Defensive: a lookup problem must never stop the (anonymous) pull.
    lookup.notes.push('the credential lookup failed unexpectedly; pulling without credentials');
  }
  return lookup;
}

/**
 * X-Registry-Config for a build: every registry with a stored secret in any auth file (what
 * the docker CLI sends), plus the full lookup (helpers included) for the registries the
 * Dockerfile's FROM lines use. Keys are the engine's names for the registries.
 */
export async function buildRegistryConfig(
  fromRefs: readonly string[],
  host: RegistryHost,
): Promise<{ config: Record<string, RegistryCredential>; lookups: AuthLookup[] }> {
  const config: Record<string, RegistryCredential> = {};
  const lookups: AuthLookup[] = [];
  try {
    const { files } = await readFiles(host);
    // Later files first, so the files read first win, as in a lookup.
    for (const file of [...files].reverse()) {
      for (const [key, secret] of file.auths) {
        const parsed = parseKey(key);
        // A namespaced Podman key cannot be sent per registry: only whole-registry entries.
        if (!parsed || parsed.path !== '') continue;
        config[serverAddressOf(parsed.host)] = credentialFor(secret, parsed.host);
      }
    }
  } catch {
    // Nothing to add; the FROM lookups below report their own problems.
  }
  const seen = new Set<string>();
  for (const ref of fromRefs) {
    const registry = registryOfRef(ref);
    if (seen.has(registry)) continue;
    seen.add(registry);
    const lookup = await lookupRegistryAuth(ref, host);
    lookups.push(lookup);
    if (lookup.credential) config[serverAddressOf(registry)] = lookup.credential;
  }
  return { config, lookups };
}

/** The login command for the registry (Docker Hub needs no argument). */
export function loginCommand(kind: EngineKind | undefined, registry: string): string {
  const tool = kind === 'podman' ? 'podman' : 'docker';
  return registry === HUB_REGISTRY ? `${tool} login` : `${tool} login ${registry}`;
}

/**
 * The hint for a registry that refused access: which source the credential came from (never
 * the credential), or where the app looked and how to log in.
 */
export function authHint(lookup: AuthLookup, kind: EngineKind | undefined): string {
  const login = `\`${loginCommand(kind, lookup.registry)}\``;
  const ignored = lookup.notes.length ? ` (ignored: ${lookup.notes.join('; ')})` : '';
  if (lookup.credential && lookup.source) {
    return `the credentials for ${lookup.registry} came from ${lookup.source} and were refused: log in again with ${login}, or check that this account may pull the image${ignored}`;
  }
  const where = lookup.looked.length
    ? `looked in ${lookup.looked.join(', ')}`
    : 'found no Docker config.json or Podman auth.json';
  return `no credentials for ${lookup.registry} were found (${where}): log in with ${login}, or check that the image is public${ignored}`;
}
