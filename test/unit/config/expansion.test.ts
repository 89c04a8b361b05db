import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { expandHome, resolveContainerTarget } from '../../../src/main/config/paths';
import { makeFixture, type Fixture } from './fixture';

let fx: Fixture;
beforeEach(() => {
  fx = makeFixture();
});
afterEach(() => fx.cleanup());

describe('path expansion and resolution', () => {
  it('expands ~, $HOME and ${HOME}', () => {
    expect(expandHome('~', '/h')).toEqual({ value: '/h' });
    expect(expandHome('~/a', '/h')).toEqual({ value: '/h/a' });
    expect(expandHome('$HOME/a', '/h')).toEqual({ value: '/h/a' });
    expect(expandHome('${HOME}/a', '/h')).toEqual({ value: '/h/a' });
    expect(expandHome('$HOMEDIR/a', '/h')).toEqual({ value: '$HOMEDIR/a' });
    expect(expandHome('/abs/~x', '/h')).toEqual({ value: '/abs/~x' });
  });

  it('keeps container targets absolute and relative ones under /workspace', () => {
    expect(resolveContainerTarget('data')).toEqual({ value: '/workspace/data' });
    expect(resolveContainerTarget('./a/../b/')).toEqual({ value: '/workspace/b' });
    expect(resolveContainerTarget('/configs//x/')).toEqual({ value: '/configs/x' });
    expect(resolveContainerTarget('../x')).toHaveProperty('error');
    expect(resolveContainerTarget('/')).toHaveProperty('error');
  });

  it('resolves mount sources from the project folder (even from the user file) and expands ~', async () => {
    fx.write('project/data/f', '');
    fx.write('home/configs/f', '');
    fx.userConfig({ volumes: ['./data:/data:ro'] });
    fx.projectConfig({
      mounts: [
        { source: '~/configs', target: '/configs', readonly: true },
        { source: '${HOME}/configs', target: 'cfg' },
        { source: 'data', target: 'data' },
      ],
    });
    const r = await fx.load();
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.config.mounts).toEqual([
      { source: path.join(fx.project, 'data'), target: '/data', readonly: true },
      { source: path.join(fx.home, 'configs'), target: '/configs', readonly: true },
      { source: path.join(fx.home, 'configs'), target: '/workspace/cfg', readonly: false },
      { source: path.join(fx.project, 'data'), target: '/workspace/data', readonly: false },
    ]);
  });

  it('resolves envFile, dockerfile, claudeConfigPath and certificates from the folder of the file that set them', async () => {
    fx.write(path.join(fx.userConfigDir, 'user.env'), 'FROM_USER=1\n');
    fx.write(
      path.join(fx.userConfigDir, 'ca.pem'),
      '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n',
    );
    fx.write('project/docker/Dockerfile', 'FROM scratch\n');
    fx.userConfig({
      envFile: 'user.env',
      extraCaCertificates: ['ca.pem'],
      claudeConfigPath: '$HOME/alt.json',
    });
    fx.projectConfig({ dockerfile: 'docker/Dockerfile' });
    const r = await fx.load();
    expect(r).toMatchObject({
      ok: true,
      config: {
        envFile: path.join(fx.userConfigDir, 'user.env'),
        envFileVars: { FROM_USER: '1' },
        extraCaCertificates: [path.join(fx.userConfigDir, 'ca.pem')],
        dockerfile: path.join(fx.project, 'docker', 'Dockerfile'),
        claudeConfigPath: path.join(fx.home, 'alt.json'),
      },
    });
  });

  it('keeps socket URLs as they are and resolves a plain socket path', async () => {
    fx.projectConfig({ dockerSocketPath: 'unix:///run/podman/podman.sock' });
    expect(await fx.load()).toMatchObject({
      ok: true,
      config: { dockerSocketPath: 'unix:///run/podman/podman.sock' },
    });
    fx.projectConfig({ dockerSocketPath: '~/podman.sock' });
    expect(await fx.load()).toMatchObject({
      ok: true,
      config: { dockerSocketPath: path.join(fx.home, 'podman.sock') },
    });
  });
});
