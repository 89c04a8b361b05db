/**
 * loadConfig: defaults < user-level file < project file (or an explicit `-c` path). A bad file
 * never falls back to defaults: every issue of every file is returned and ok is false.
 */
import path from 'node:path';
import { CONFIG_DEFAULTS } from '../../shared/config-schema';
import type { ConfigIssue } from '../../shared/schemas/config';
import { finalize, readInput, type FinalValues } from './finalize';
import { parseLayer, type Layer, type LayerValues } from './layer';
import { mergeLayers } from './merge';
import { PROJECT_CONFIG_FILE, userConfigPath, type PlatformEnv } from './paths';
import type { ConfigLoadResult } from './resolved';
import { contentHash, isTrusted, settingsNeedingTrust, withoutUntrusted } from './trust';
import type { UntrustedConfig } from '../../shared/schemas/config';

export interface LoadConfigOptions extends PlatformEnv {
  projectDir: string;
  /** An explicit config file (`-c`); relative to projectDir. Must exist when given. */
  configPath?: string;
  /** Use this text as the project file's content instead of reading it (editor validation). */
  projectText?: string;
  /** Apply the project file's settings whether or not it is trusted (editor validation only). */
  ignoreTrust?: boolean;
}

export function projectConfigPath(projectDir: string, configPath?: string): string {
  return path.resolve(projectDir, configPath ?? PROJECT_CONFIG_FILE);
}

export async function loadConfig(options: LoadConfigOptions): Promise<ConfigLoadResult> {
  const projectDir = path.resolve(options.projectDir);
  const ctx = { projectDir, homeDir: options.homeDir };
  const files = [
    { file: userConfigPath(options), required: false, text: undefined as string | undefined },
    {
      file: projectConfigPath(projectDir, options.configPath),
      required: options.configPath !== undefined,
      text: options.projectText,
    },
  ];
  const defaults = structuredClone(CONFIG_DEFAULTS) as Record<string, unknown>;
  delete defaults.volumes;
  delete defaults.mounts;
  defaults.claudeConfigPath = path.join(options.homeDir, '.claude.json');
  const issues: ConfigIssue[] = [];
  const layers: Layer[] = [];
  let untrusted: UntrustedConfig | undefined;
  // What the defaults and the user's own file allow: an untrusted project file may only lower it.
  let allowed: Partial<LayerValues> = {};
  for (const f of files) {
    let text = f.text;
    if (text === undefined) {
      const read = await readInput(f.file);
      if ('error' in read) {
        // A missing optional file is simply not a source; anything else is an error.
        if (!f.required && read.missing) continue;
        issues.push({
          file: f.file,
          path: '',
          message: `${read.error}; expected a JSON config file`,
        });
        continue;
      }
      text = read.text;
    }
    const parsed = parseLayer(f.file, text, ctx);
    if (!parsed.layer) {
      issues.push(...parsed.issues);
      continue;
    }
    // Per-folder network answers are the user's own ("Always allow for this project"): a file
    // that comes with a repository (or -c) must not grant hosts to any folder.
    if (f.file !== files[0]!.file && parsed.layer.values.projectNetworkAllow !== undefined) {
      issues.push({
        file: f.file,
        path: 'projectNetworkAllow',
        message:
          'only the user-level config may set projectNetworkAllow; use `network` with an allowlist here',
        ...parsed.layer.positions.get('projectNetworkAllow'),
      });
      continue;
    }
    // The same for the user's MCP servers: a repository must not hand itself their tokens.
    if (f.file !== files[0]!.file && parsed.layer.values.projectMcpServers !== undefined) {
      issues.push({
        file: f.file,
        path: 'projectMcpServers',
        message:
          'only the user-level config may set projectMcpServers; choose MCP servers in the start panel or with `claude-run mcp choose`',
        ...parsed.layer.positions.get('projectMcpServers'),
      });
      continue;
    }
    // The project's own file (not one named with -c) comes with the repository: its powerful
    // settings wait for the user's trust in exactly this content.
    const fromRepo =
      f.file !== files[0]!.file && options.configPath === undefined && !options.ignoreTrust;
    if (fromRepo) allowed = mergeLayers(defaults, layers).value as Partial<LayerValues>;
    const settings = fromRepo ? settingsNeedingTrust(parsed.layer.values, allowed) : [];
    if (settings.length > 0) {
      const sha256 = contentHash(text);
      if (!(await isTrusted(options, f.file, sha256)))
        untrusted = { file: f.file, sha256, settings };
    }
    layers.push(parsed.layer);
  }
  if (issues.length > 0) return { ok: false, issues };

  // Settings that wait for trust are left out before they are checked or read: a mount source
  // that does not exist here, or an env file, must not stop a start that will not use them
  // (the user is asked first; trusting brings them, and their problems, back). The editor's
  // validation (ignoreTrust) checks everything.
  const file = untrusted?.file;
  const applied = layers.map((l) =>
    l.file === file ? { ...l, values: withoutUntrusted(l.values, allowed) } : l,
  );
  const merged = mergeLayers(defaults, applied);
  const result = await finalize(merged.value as FinalValues, merged.origins, applied);
  if (result.issues.length > 0) return { ok: false, issues: result.issues };
  return {
    ok: true,
    config: result.config,
    sources: layers.map((l) => l.file),
    ...(untrusted ? { untrusted } : {}),
  };
}

/** `file:line:column: path: message`, for logs and the CLI. */
export function formatConfigIssue(i: ConfigIssue): string {
  const where = i.line !== undefined ? `${i.file}:${i.line}:${i.column ?? 1}` : i.file;
  return i.path ? `${where}: ${i.path}: ${i.message}` : `${where}: ${i.message}`;
}
