/** "Did you mean" for unknown config keys: the closest known key by edit distance. */

export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
    }
    prev = cur;
  }
  return prev[b.length]!;
}

/**
 * The known key closest to `unknown`, if it is close enough to be a typo: case and `_`/`-` are
 * ignored (`docker_image` → `dockerImage`), then up to a third of the length may differ.
 */
export function suggestKey(unknown: string, known: readonly string[]): string | undefined {
  const norm = (s: string) => s.toLowerCase().replace(/[_-]/g, '');
  const u = norm(unknown);
  let best: { key: string; d: number } | undefined;
  for (const key of known) {
    const d = editDistance(u, norm(key));
    if (best === undefined || d < best.d) best = { key, d };
  }
  if (best === undefined) return undefined;
  const limit = Math.max(1, Math.floor(Math.max(u.length, best.key.length) / 3));
  return best.d <= limit ? best.key : undefined;
}
