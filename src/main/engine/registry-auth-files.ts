/**
 * Reading the credential files `docker login` and `podman login` write: Docker's config.json
 * and containers-auth.json (same `auths` format). The files are untrusted input: every part is
 * validated, a bad part is skipped with a reason for the log, and nothing here throws.
 * Reasons never quote file content (a JSON error message would echo a slice of it, secrets
 * included).
 */
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { EngineKind } from '../../shared/schemas/engine';

/** Credentials as the engine API takes them (X-Registry-Auth / X-Registry-Config). */
export type RegistryCredential =
  | { username: string; password: string; serveraddress: string }
  | { identitytoken: string; serveraddress: string };

/** A secret from a file entry, not yet bound to a server address. */
export type StoredSecret = { username: string; password: string } | { identitytoken: string };

export type AuthFamily = 'docker' | 'podman';

export interface AuthFile {
  path: string;
  family: AuthFamily;
  /** Valid entries only, by their key as written. */
  auths: Map<string, StoredSecret>;
  credHelpers: Map<string, string>;
  /** Docker's default helper for every registry (config.json only). */
  credsStore: string | null;
}

export interface HostEnv {
  env: Record<string, string | undefined>;
  homeDir: string;
  /** For Podman's /run/containers/<uid>/auth.json; default process.getuid(). */
  uid?: number;
  platform?: NodeJS.Platform;
}

/** Larger files are not credential files. */
const MAX_FILE_BYTES = 1024 * 1024;
/** Helper names become part of an executable's name: no path separators, no dot-dot. */
export const HELPER_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

const FileShape = z.looseObject({
  auths: z.record(z.string(), z.unknown()).optional(),
  credHelpers: z.record(z.string(), z.unknown()).optional(),
  credsStore: z.unknown().optional(),
});

const EntryShape = z.looseObject({
  auth: z.string().optional(),
  identitytoken: z.string().optional(),
});

/** Where each family's files are, in the order its own tools read them. */
export function authFilePaths(host: HostEnv): Record<AuthFamily, string[]> {
  const { env, homeDir } = host;
  const dockerDir = env.DOCKER_CONFIG?.trim() || join(homeDir, '.docker');
  const podman: string[] = [];
  if (env.REGISTRY_AUTH_FILE?.trim()) podman.push(env.REGISTRY_AUTH_FILE.trim());
  const runtimeDir = env.XDG_RUNTIME_DIR?.trim();
  const uid = host.uid ?? process.getuid?.();
  if (runtimeDir) podman.push(join(runtimeDir, 'containers', 'auth.json'));
  else if ((host.platform ?? process.platform) === 'linux' && uid !== undefined)
    podman.push(`/run/containers/${uid}/auth.json`);
  podman.push(join(homeDir, '.config', 'containers', 'auth.json'));
  return { docker: [join(dockerDir, 'config.json')], podman: [...new Set(podman)] };
}

/** Both families' files, the engine's own family first. */
export function orderedAuthFiles(
  host: HostEnv,
  kind: EngineKind | undefined,
): { path: string; family: AuthFamily }[] {
  const paths = authFilePaths(host);
  const families: AuthFamily[] = kind === 'podman' ? ['podman', 'docker'] : ['docker', 'podman'];
  return families.flatMap((family) => paths[family].map((path) => ({ path, family })));
}

function shown(key: string): string {
  return JSON.stringify(key.length > 80 ? `${key.slice(0, 80)}…` : key);
}

/** "user:password" in base64 → the pair, or why not (without any of its content). */
export function decodeAuth(auth: string): StoredSecret | string {
  const b64 = auth.trim();
  if (b64 === '') return 'is empty';
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(b64)) return 'is not base64';
  const text = Buffer.from(b64, 'base64').toString('utf8');
  const colon = text.indexOf(':');
  if (colon <= 0) return 'does not decode to "user:password"';
  return { username: text.slice(0, colon), password: text.slice(colon + 1) };
}

function entrySecret(value: unknown): StoredSecret | string | null {
  const e = EntryShape.safeParse(value);
  if (!e.success) return 'is not an object with a string "auth" or "identitytoken"';
  // An empty entry is what `docker login` leaves when a credsStore holds the secret.
  if (e.data.identitytoken?.trim()) return { identitytoken: e.data.identitytoken.trim() };
  if (e.data.auth === undefined || e.data.auth === '') return null;
  const decoded = decodeAuth(e.data.auth);
  return typeof decoded === 'string' ? `"auth" ${decoded}` : decoded;
}

async function readCapped(path: string): Promise<string | { missing: true } | { why: string }> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { missing: true };
    return { why: `cannot be read (${code ?? 'error'})` };
  }
  try {
    const st = await handle.stat();
    if (!st.isFile()) return { why: 'is not a file' };
    if (st.size > MAX_FILE_BYTES) return { why: `is larger than ${MAX_FILE_BYTES} bytes` };
    const buf = Buffer.alloc(st.size);
    const { bytesRead } = await handle.read(buf, 0, st.size, 0);
    return buf.subarray(0, bytesRead).toString('utf8');
  } catch (e) {
    return { why: `cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})` };
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/**
 * One credential file: null when it does not exist; `notes` says what was ignored and why.
 * Never throws.
 */
export async function readAuthFile(
  path: string,
  family: AuthFamily,
): Promise<{ file: AuthFile | null; notes: string[] }> {
  const notes: string[] = [];
  const text = await readCapped(path);
  if (typeof text !== 'string') {
    if ('why' in text) notes.push(`${path} ${text.why}; ignored`);
    return { file: null, notes };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    notes.push(`${path} is not valid JSON; ignored`);
    return { file: null, notes };
  }
  const parsed = FileShape.safeParse(json);
  if (!parsed.success) {
    notes.push(`${path} is not a JSON object with "auths"/"credHelpers" objects; ignored`);
    return { file: null, notes };
  }
  const file: AuthFile = {
    path,
    family,
    auths: new Map(),
    credHelpers: new Map(),
    credsStore: null,
  };
  for (const [key, value] of Object.entries(parsed.data.auths ?? {})) {
    const secret = entrySecret(value);
    if (typeof secret === 'string') notes.push(`${path}: auths[${shown(key)}] ${secret}; ignored`);
    else if (secret) file.auths.set(key, secret);
  }
  for (const [key, value] of Object.entries(parsed.data.credHelpers ?? {})) {
    if (typeof value === 'string' && HELPER_NAME.test(value)) file.credHelpers.set(key, value);
    else notes.push(`${path}: credHelpers[${shown(key)}] is not a helper name; ignored`);
  }
  const store = parsed.data.credsStore;
  if (family === 'docker' && store !== undefined && store !== '') {
    if (typeof store === 'string' && HELPER_NAME.test(store)) file.credsStore = store;
    else notes.push(`${path}: credsStore is not a helper name; ignored`);
  }
  return { file, notes };
}
