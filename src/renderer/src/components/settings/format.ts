/** Turns the effective config into label/value rows a person can read (values already redacted). */
import type { ResolvedConfig } from '../../../../shared/schemas/config';

export interface ConfigRow {
  key: string;
  /** One line per item; [] shows as "none". */
  lines: string[];
}

function gib(bytes: number): string {
  const g = bytes / 1024 ** 3;
  return g >= 1 ? `${+g.toFixed(2)} GiB` : `${Math.round(bytes / 1024 ** 2)} MiB`;
}

function lines(key: string, value: unknown): string[] {
  if (value === undefined) return [];
  if (typeof value === 'boolean') return [value ? 'yes' : 'no'];
  if (typeof value === 'string' || typeof value === 'number') return [String(value)];
  if (key === 'mounts' && Array.isArray(value))
    return (value as ResolvedConfig['mounts']).map(
      (m) => `${m.source} → ${m.target}${m.readonly ? ' (read-only)' : ''}`,
    );
  if (key === 'resources') {
    const r = value as ResolvedConfig['resources'];
    return [`memory ${gib(r.memoryBytes)} · ${r.cpus} CPUs · ${r.pidsLimit} processes`];
  }
  if (key === 'agent') {
    const a = value as ResolvedConfig['agent'];
    return [a.command.join(' '), ...(a.prompt ? [`prompt: ${a.prompt}`] : [])];
  }
  if (Array.isArray(value))
    return value.map((v) => (typeof v === 'string' ? v : JSON.stringify(v)));
  if (typeof value === 'object' && value)
    return Object.entries(value).map(
      ([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`,
    );
  return [JSON.stringify(value)];
}

export function configRows(config: ResolvedConfig): ConfigRow[] {
  return Object.entries(config).map(([key, value]) => ({ key, lines: lines(key, value) }));
}
