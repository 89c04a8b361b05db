import { describe, expect, it } from 'vitest';
import { createBody } from '../../../src/main/engine/container-spec';
import { LABELS } from '../../../src/main/engine/labels';

const base = { name: 'ccr-x', image: 'img:1', labels: {}, env: {} };

describe('container create body', () => {
  it('maps limits, security, mounts, user and workdir to the Docker API fields', () => {
    const body = createBody({
      ...base,
      env: { A: 'b c', EMPTY: '' },
      user: '1000:1000',
      workdir: '/workspace',
      mounts: [{ source: '/host/repo', target: '/workspace', readonly: false }],
      resources: {
        memoryBytes: 4 * 1024 ** 3,
        cpus: 1.5,
        pidsLimit: 1024,
        diskBytes: 10 * 1024 ** 3,
      },
      security: { capDrop: ['ALL'], capAdd: ['CHOWN'], noNewPrivileges: true },
      network: 'none',
      init: true,
      tty: true,
    });
    expect(body).toMatchObject({
      Env: ['A=b c', 'EMPTY='],
      User: '1000:1000',
      WorkingDir: '/workspace',
      Tty: true,
      HostConfig: {
        Mounts: [{ Type: 'bind', Source: '/host/repo', Target: '/workspace', ReadOnly: false }],
        Memory: 4 * 1024 ** 3,
        NanoCpus: 1_500_000_000,
        PidsLimit: 1024,
        StorageOpt: { size: String(10 * 1024 ** 3) },
        CapDrop: ['ALL'],
        CapAdd: ['CHOWN'],
        SecurityOpt: ['no-new-privileges'],
        NetworkMode: 'none',
        Init: true,
      },
    });
  });

  it('leaves the network to the engine for "default" and always labels the container as the app\'s', () => {
    const body = createBody({
      ...base,
      network: 'default',
      labels: { [LABELS.app]: 'someone-else', x: 'y' },
    });
    expect(body.HostConfig).not.toHaveProperty('NetworkMode');
    expect(body.Labels).toEqual({ [LABELS.app]: 'claude-code-runner', x: 'y' });
  });

  it('refuses environment names the engine would mangle', () => {
    expect(() => createBody({ ...base, env: { 'A=B': 'x' } })).toThrow(
      /environment variable name "A=B" is not valid/,
    );
    expect(() => createBody({ ...base, env: { '1X': 'x' } })).toThrow(/not valid/);
  });
});
