/**
 * Limits in an untrusted project file. A repository may make its sessions smaller (less memory,
 * fewer processes, a shorter scrollback), never larger than what the user's own file and the
 * defaults allow: a repo asking for 4,194,304 processes or 1000g of memory would take the
 * user's machine. A raised limit waits for trust like any other powerful setting and is listed
 * with the value the user has now.
 */
import { parseMemory } from '../../shared/config-formats';
import type { UntrustedSetting } from '../../shared/schemas/config';
import type { LayerValues } from './layer';

interface Limit {
  /** Key path as shown and as in the file: `resources.pids`. */
  key: string;
  get(values: Partial<LayerValues>): string | number | undefined;
  /** Comparable amount; undefined: no limit. */
  amount(v: string | number): number | undefined;
  what: string;
}

const num = (v: string | number) => (typeof v === 'number' ? v : undefined);
const bytes = (v: string | number) => (typeof v === 'string' ? parseMemory(v) : undefined);

const LIMITS: Limit[] = [
  {
    key: 'resources.memory',
    get: (v) => v.resources?.memory,
    amount: bytes,
    what: 'memory limit',
  },
  { key: 'resources.cpus', get: (v) => v.resources?.cpus, amount: num, what: 'CPU limit' },
  { key: 'resources.pids', get: (v) => v.resources?.pids, amount: num, what: 'process limit' },
  { key: 'resources.disk', get: (v) => v.resources?.disk, amount: bytes, what: 'disk limit' },
  {
    key: 'terminalScrollback',
    get: (v) => v.terminalScrollback,
    amount: num,
    what: 'terminal scrollback (memory of this app)',
  },
];

/**
 * The limits `values` raises above `allowed` (defaults merged with the user's file). A limit
 * that is unset in `allowed` (no disk limit) cannot be raised.
 */
export function raisedLimits(
  values: LayerValues,
  allowed: Partial<LayerValues>,
): UntrustedSetting[] {
  const out: UntrustedSetting[] = [];
  for (const limit of LIMITS) {
    const asked = limit.get(values);
    const mine = limit.get(allowed);
    if (asked === undefined || mine === undefined) continue;
    const a = limit.amount(asked);
    const m = limit.amount(mine);
    if (a === undefined || m === undefined || a <= m) continue;
    out.push({
      key: limit.key,
      why: `raises the ${limit.what} above yours (${String(mine)})`,
      value: String(asked),
    });
  }
  return out;
}

/** `values` without the limits listed in `keys` (`resources.pids`, `terminalScrollback`…). */
export function withoutLimits(values: LayerValues, keys: ReadonlySet<string>): LayerValues {
  const out: LayerValues = { ...values };
  if (keys.has('terminalScrollback')) delete out.terminalScrollback;
  if (out.resources) {
    const resources = { ...out.resources };
    for (const k of ['memory', 'cpus', 'pids', 'disk'] as const) {
      if (keys.has(`resources.${k}`)) delete resources[k];
    }
    out.resources = resources;
  }
  return out;
}
