/** Real temp dirs for config tests: a fake home (with its user config dir) and a project. */
import { existsSync, mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig, type LoadConfigOptions } from '../../../src/main/config/load';
import { contentHash, trustProjectConfig } from '../../../src/main/config/trust';

export interface Fixture {
  root: string;
  home: string;
  project: string;
  userConfigDir: string;
  /** Write a file (relative to root unless absolute); returns its absolute path. */
  write(file: string, content: string | object): string;
  userConfig(content: string | object): string;
  projectConfig(content: string | object): string;
  load(extra?: Partial<LoadConfigOptions>): ReturnType<typeof loadConfig>;
  /** Trusts the project file as it is now (what the user's "Trust" does). */
  trustProject(): Promise<void>;
  cleanup(): void;
}

/**
 * `trusted` (default true): the project file is trusted as it is at each load, as if the user
 * had said so, for tests whose subject is not trust (config/trust.test.ts sets it false).
 */
export function makeFixture(opts: { trusted?: boolean } = {}): Fixture {
  const trusted = opts.trusted ?? true;
  const root = mkdtempSync(path.join(tmpdir(), 'ccr-config-'));
  const home = path.join(root, 'home');
  const project = path.join(root, 'project');
  const userConfigDir = path.join(home, '.config', 'claude-code-runner');
  mkdirSync(userConfigDir, { recursive: true });
  mkdirSync(project, { recursive: true });
  const write = (file: string, content: string | object) => {
    const abs = path.isAbsolute(file) ? file : path.join(root, file);
    mkdirSync(path.dirname(abs), { recursive: true });
    writeFileSync(abs, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
    return abs;
  };
  const host = { env: {}, homeDir: home, platform: 'linux' as const };
  const trustProject = async () => {
    const file = path.join(project, 'claude-run.config.json');
    if (existsSync(file)) {
      await trustProjectConfig(host, file, contentHash(readFileSync(file, 'utf8')));
    }
  };
  return {
    root,
    home,
    project,
    userConfigDir,
    write,
    userConfig: (c) => write(path.join(userConfigDir, 'config.json'), c),
    projectConfig: (c) => write(path.join(project, 'claude-run.config.json'), c),
    trustProject,
    load: async (extra = {}) => {
      if (trusted) await trustProject();
      return loadConfig({ projectDir: project, ...host, ...extra });
    },
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}
