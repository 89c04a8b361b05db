/** Real temp dirs for config tests: a fake home (with its user config dir) and a project. */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig, type LoadConfigOptions } from '../../../src/main/config/load';

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
  cleanup(): void;
}

export function makeFixture(): Fixture {
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
  return {
    root,
    home,
    project,
    userConfigDir,
    write,
    userConfig: (c) => write(path.join(userConfigDir, 'config.json'), c),
    projectConfig: (c) => write(path.join(project, 'claude-run.config.json'), c),
    load: (extra = {}) =>
      loadConfig({ projectDir: project, env: {}, homeDir: home, platform: 'linux', ...extra }),
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}
