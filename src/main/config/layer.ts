/**
 * One config file → a validated, path-normalized layer. Paths are made absolute here, per file,
 * because relative envFile/dockerfile/extraCaCertificates/claudeConfigPath resolve from the
 * folder of the file that sets them, while mount sources resolve from the project folder.
 */
import path from 'node:path';
import { ConfigSchema, type UserConfig } from '../../shared/config-schema';
import { parseVolume } from '../../shared/config-formats';
import type { ConfigIssue, ResolvedMount } from '../../shared/schemas/config';
import { parseJson, type Position } from './json-parse';
import { resolveContainerTarget, resolveHostPath } from './paths';
import { locate, zodIssuesToConfigIssues } from './schema-issues';

/** A file's keys after normalization: every path absolute, volumes parsed into mounts. */
export type LayerValues = Omit<UserConfig, '$schema' | 'mounts' | 'volumes'> & {
  mounts?: ResolvedMount[];
  volumes?: ResolvedMount[];
};

export interface Layer {
  file: string;
  values: LayerValues;
  positions: Map<string, Position>;
}

export interface LayerContext {
  projectDir: string;
  homeDir: string;
}

export function parseLayer(
  file: string,
  text: string,
  ctx: LayerContext,
): { layer: Layer; issues: [] } | { layer?: undefined; issues: ConfigIssue[] } {
  const json = parseJson(text);
  if (!json.ok) {
    return {
      issues: [
        {
          file,
          path: '',
          message: `invalid JSON: ${json.message}`,
          line: json.line,
          column: json.column,
        },
      ],
    };
  }
  const issues: ConfigIssue[] = json.duplicates.map((p) => ({
    file,
    path: p,
    message: 'duplicate key; JSON keeps only the last one, remove the other',
    ...json.positions.get(p),
  }));
  if (json.value === null || typeof json.value !== 'object' || Array.isArray(json.value)) {
    issues.push({
      file,
      path: '',
      message: 'expected a JSON object { … } at the top level',
      line: 1,
      column: 1,
    });
    return { issues };
  }
  const parsed = ConfigSchema.safeParse(json.value);
  if (!parsed.success) {
    issues.push(
      ...zodIssuesToConfigIssues(parsed.error.issues, {
        file,
        schema: ConfigSchema,
        value: json.value,
        positions: json.positions,
      }),
    );
    return { issues: byPosition(issues) };
  }
  const normalized = normalize(parsed.data, file, ctx, json.positions);
  issues.push(...normalized.issues);
  if (issues.length > 0) return { issues: byPosition(issues) };
  return { layer: { file, values: normalized.values, positions: json.positions }, issues: [] };
}

/** Top to bottom, as the user reads the file. */
function byPosition(issues: ConfigIssue[]): ConfigIssue[] {
  return [...issues].sort(
    (a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0),
  );
}

function normalize(
  config: UserConfig,
  file: string,
  ctx: LayerContext,
  positions: Map<string, Position>,
): { values: LayerValues; issues: ConfigIssue[] } {
  const issues: ConfigIssue[] = [];
  const fileDir = path.dirname(file);
  const fail = (segments: (string | number)[], p: string, message: string) =>
    issues.push({ file, path: p, message, ...locate(positions, segments) });

  const hostPath = (value: string, baseDir: string, segments: (string | number)[], p: string) => {
    const r = resolveHostPath(value, baseDir, ctx.homeDir);
    if ('error' in r) fail(segments, p, r.error);
    return 'error' in r ? value : r.value;
  };
  const target = (value: string, segments: (string | number)[], p: string) => {
    const r = resolveContainerTarget(value);
    if ('error' in r) fail(segments, p, r.error);
    return 'error' in r ? value : r.value;
  };

  const { $schema: _ignored, mounts, volumes, ...rest } = config;
  const values: LayerValues = { ...rest };
  for (const k of ['envFile', 'dockerfile', 'claudeConfigPath'] as const) {
    const v = config[k];
    if (v !== undefined) values[k] = hostPath(v, fileDir, [k], k);
  }
  if (config.extraCaCertificates) {
    values.extraCaCertificates = config.extraCaCertificates.map((v, i) =>
      hostPath(v, fileDir, ['extraCaCertificates', i], `extraCaCertificates[${i}]`),
    );
  }
  // A socket URL (unix://, tcp://, ssh://, npipe://) is kept as is; a plain path is resolved.
  if (config.dockerSocketPath !== undefined && !/^[a-z]+:\/\//.test(config.dockerSocketPath)) {
    values.dockerSocketPath = hostPath(
      config.dockerSocketPath,
      fileDir,
      ['dockerSocketPath'],
      'dockerSocketPath',
    );
  }
  if (mounts) {
    values.mounts = mounts.map((m, i) => ({
      source: hostPath(m.source, ctx.projectDir, ['mounts', i, 'source'], `mounts[${i}].source`),
      target: target(m.target, ['mounts', i, 'target'], `mounts[${i}].target`),
      readonly: m.readonly ?? false,
    }));
  }
  if (volumes) {
    values.volumes = volumes.map((spec, i) => {
      const v = parseVolume(spec);
      if ('error' in v) throw new Error('unreachable: the schema validated volumes');
      return {
        source: hostPath(v.source, ctx.projectDir, ['volumes', i], `volumes[${i}]`),
        target: target(v.target, ['volumes', i], `volumes[${i}]`),
        readonly: v.readonly,
      };
    });
  }
  return { values, issues };
}
