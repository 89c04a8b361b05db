import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { detectPresets, detectProject } from '../../../src/main/network/policy';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'ccr-detect-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const touch = (...names: string[]) => {
  for (const n of names) writeFileSync(path.join(dir, n), '');
};
const gitInit = (origin?: string) => {
  execFileSync('git', ['init', '-q', dir]);
  if (origin) execFileSync('git', ['-C', dir, 'remote', 'add', 'origin', origin]);
};

describe('project detection', () => {
  it('an empty folder that is no repository suggests nothing', async () => {
    expect(await detectProject(dir)).toEqual({ presets: [], remoteHost: null });
  });

  it('suggests the package registries of the manifests at the top level', async () => {
    touch('package.json', 'requirements-dev.txt', 'Cargo.toml', 'go.mod');
    expect(await detectPresets(dir)).toEqual(['npm', 'pypi', 'crates', 'go']);
  });

  it('recognises each Python project file', async () => {
    for (const f of ['pyproject.toml', 'setup.py', 'Pipfile', 'requirements.txt']) {
      const d = mkdtempSync(path.join(tmpdir(), 'ccr-detect-py-'));
      writeFileSync(path.join(d, f), '');
      expect(await detectPresets(d), f).toEqual(['pypi']);
      rmSync(d, { recursive: true });
    }
  });

  it('ignores manifests below the top level', async () => {
    mkdirSync(path.join(dir, 'sub'));
    writeFileSync(path.join(dir, 'sub', 'package.json'), '{}');
    expect(await detectPresets(dir)).toEqual([]);
  });

  it('adds the forge of the origin remote, in any URL form', async () => {
    gitInit('git@github.com:acme/app.git');
    touch('package.json');
    expect(await detectPresets(dir)).toEqual(['github', 'npm']);
    execFileSync('git', ['-C', dir, 'remote', 'set-url', 'origin', 'https://gitlab.com/g/s/p.git']);
    expect(await detectPresets(dir)).toEqual(['gitlab', 'npm']);
  });

  it('a self-hosted forge is no preset: its host is suggested as an entry (https port kept)', async () => {
    gitInit('https://git.corp.example:8443/team/app.git');
    expect(await detectProject(dir)).toEqual({
      presets: [],
      remoteHost: 'git.corp.example:8443',
    });
    execFileSync('git', [
      '-C',
      dir,
      'remote',
      'set-url',
      'origin',
      'ssh://git@git.corp.example:2222/x/y',
    ]);
    expect((await detectProject(dir)).remoteHost).toBe('git.corp.example');
  });

  it('a repository without origin only counts its files', async () => {
    gitInit();
    touch('go.mod');
    expect(await detectProject(dir)).toEqual({ presets: ['go'], remoteHost: null });
  });
});
