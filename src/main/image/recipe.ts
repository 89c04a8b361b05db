/**
 * The recipe hash: what decides whether an existing image is still the one the app would
 * build. It covers the Dockerfile and every file of the build context (minus .dockerignore'd
 * ones and .git), the build arguments, the extra CA certificates and the app version. The hash
 * is stored as an image label; a different hash means rebuild instead of using a stale image.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { lstat, readdir, readlink } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { isIgnored, parseDockerignore } from '../engine/build-context';
import { LABELS } from '../engine/labels';
import { readRegularText } from '../config/safe-read';

export interface ContextEntry {
  /** Path relative to the context, '/' separated. */
  path: string;
  /** sha256 of the content (or of the link target / size+mtime, see contextDigest). */
  digest: string;
}

export interface RecipeInputs {
  dockerfile: string;
  context: readonly ContextEntry[];
  buildArgs: Readonly<Record<string, string>>;
  /** Fingerprints of the extra CA certificates added to the context. */
  caFingerprints: readonly string[];
  appVersion: string;
  /** The recipe hash of an image this one builds on (custom Dockerfile FROM the default). */
  baseRecipe?: string;
}

/** Files larger than this are identified by size and modification time, not content. */
const CONTENT_HASH_LIMIT = 32 * 1024 * 1024;

/** Order-independent, unambiguous hash of the inputs (JSON of sorted fields). */
export function recipeHash(inputs: RecipeInputs): string {
  const canonical = JSON.stringify({
    v: 1,
    dockerfile: inputs.dockerfile,
    context: [...inputs.context]
      .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
      .map((e) => [e.path, e.digest]),
    buildArgs: Object.keys(inputs.buildArgs)
      .sort()
      .map((k) => [k, inputs.buildArgs[k]]),
    ca: [...inputs.caFingerprints].sort(),
    appVersion: inputs.appVersion,
    base: inputs.baseRecipe ?? null,
  });
  return createHash('sha256').update(canonical).digest('hex');
}

async function fileDigest(abs: string, size: number, mtimeMs: number): Promise<string> {
  if (size > CONTENT_HASH_LIMIT) return `stat:${size}:${Math.trunc(mtimeMs)}`;
  const hash = createHash('sha256');
  await pipeline(createReadStream(abs), hash);
  return hash.digest('hex');
}

/** Every file of a build context as the engine would receive it (same .dockerignore rules). */
export async function contextDigest(
  contextDir: string,
  dockerfile: string,
): Promise<ContextEntry[]> {
  let rules: ReturnType<typeof parseDockerignore> = [];
  // No (readable, regular) .dockerignore: everything counts.
  const ignore = await readRegularText(join(contextDir, '.dockerignore'));
  if (ignore.ok) rules = parseDockerignore(ignore.text);
  const keep = new Set([dockerfile, '.dockerignore']);
  const out: ContextEntry[] = [];
  const walk = async (relDir: string): Promise<void> => {
    const entries = await readdir(join(contextDir, relDir), { withFileTypes: true });
    for (const ent of entries) {
      const rel = relDir ? `${relDir}/${ent.name}` : ent.name;
      // .git changes on every commit and is never what a recipe COPYs on purpose.
      if (rel === '.git') continue;
      const abs = join(contextDir, rel);
      const st = await lstat(abs);
      const ignored = !keep.has(rel) && isIgnored(rel, rules);
      if (st.isDirectory()) {
        if (!ignored || rules.some((r) => r.negate)) await walk(rel);
      } else if (ignored) {
        continue;
      } else if (st.isSymbolicLink()) {
        out.push({ path: rel, digest: `link:${await readlink(abs)}` });
      } else if (st.isFile()) {
        out.push({ path: rel, digest: await fileDigest(abs, st.size, st.mtimeMs) });
      }
    }
  };
  await walk('');
  return out;
}

export type BuildDecision =
  | { action: 'use' }
  | { action: 'build'; reason: 'missing' | 'recipe-changed' | 'not-built-by-app' | 'forced' };

/**
 * Use the existing image only when it carries exactly this recipe hash. `labels` is null when
 * the image does not exist.
 */
export function decideBuild(
  labels: Record<string, string> | null,
  recipe: string,
  force = false,
): BuildDecision {
  if (labels === null) return { action: 'build', reason: 'missing' };
  if (force) return { action: 'build', reason: 'forced' };
  const current = labels[LABELS.recipe];
  if (current === undefined) return { action: 'build', reason: 'not-built-by-app' };
  return current === recipe ? { action: 'use' } : { action: 'build', reason: 'recipe-changed' };
}

export function decisionMessage(image: string, d: BuildDecision): string {
  if (d.action === 'use') return `image ${image} is up to date`;
  switch (d.reason) {
    case 'missing':
      return `building image ${image} (not built yet)`;
    case 'recipe-changed':
      return `rebuilding image ${image} (its recipe changed)`;
    case 'not-built-by-app':
      return `rebuilding image ${image} (the existing one was not built by this app)`;
    case 'forced':
      return `rebuilding image ${image}`;
  }
}
