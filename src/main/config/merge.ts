/**
 * Layering: later layers win; objects merge per key (environment, resources, agent), arrays
 * replace. Records which file set each key so later checks (a missing envFile…) can name it.
 */

type Plain = Record<string, unknown>;

const isPlain = (v: unknown): v is Plain =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

export interface Merged<T> {
  value: T;
  /** Key path (`envFile`, `resources.memory`) → file that set it; defaults are absent. */
  origins: Map<string, string>;
}

export function mergeLayers<T extends Plain>(
  base: T,
  layers: readonly { file: string; values: Plain }[],
): Merged<T> {
  const origins = new Map<string, string>();
  const value = structuredClone(base) as Plain;
  for (const layer of layers) mergeInto(value, layer.values, layer.file, '', origins);
  return { value: value as T, origins };
}

function mergeInto(
  target: Plain,
  source: Plain,
  file: string,
  prefix: string,
  origins: Map<string, string>,
): void {
  for (const [key, v] of Object.entries(source)) {
    if (v === undefined) continue;
    const keyPath = prefix === '' ? key : `${prefix}.${key}`;
    origins.set(keyPath, file);
    const existing = target[key];
    if (isPlain(v) && isPlain(existing)) {
      mergeInto(existing, v, file, keyPath, origins);
    } else {
      target[key] = structuredClone(v);
    }
  }
}

/** The file that set `keyPath` or its nearest parent. */
export function originOf(origins: Map<string, string>, keyPath: string): string | undefined {
  for (let p = keyPath; p !== ''; p = p.replace(/(\.[^.]*|\[\d+\])$/, '')) {
    const hit = origins.get(p);
    if (hit) return hit;
    if (!/[.[]/.test(p)) break;
  }
  return undefined;
}
