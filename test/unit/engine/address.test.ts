import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseEngineAddress, redactAddress } from '../../../src/main/engine/address';

describe('engine addresses', () => {
  it('unix sockets, with or without the scheme', () => {
    expect(parseEngineAddress('unix:///var/run/docker.sock')).toEqual({
      display: 'unix:///var/run/docker.sock',
      options: { socketPath: '/var/run/docker.sock' },
    });
    expect(parseEngineAddress('/run/podman/podman.sock').options).toEqual({
      socketPath: '/run/podman/podman.sock',
    });
    expect(() => parseEngineAddress('unix://relative.sock')).toThrow(/must be absolute/);
  });

  it('tcp without TLS uses http on 2375 by default', () => {
    expect(parseEngineAddress('tcp://10.1.2.3')).toEqual({
      display: 'tcp://10.1.2.3:2375',
      options: { host: '10.1.2.3', port: 2375, protocol: 'http' },
    });
    expect(parseEngineAddress('tcp://[::1]:4243').options).toMatchObject({
      host: '::1',
      port: 4243,
    });
  });

  it('tcp with DOCKER_TLS_VERIFY reads ca/cert/key from DOCKER_CERT_PATH', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ccr-certs-'));
    for (const f of ['ca.pem', 'cert.pem', 'key.pem']) writeFileSync(join(dir, f), `${f}-content`);
    const p = parseEngineAddress('tcp://docker.example:2376', {
      DOCKER_TLS_VERIFY: '1',
      DOCKER_CERT_PATH: dir,
    });
    expect(p.options).toMatchObject({ host: 'docker.example', port: 2376, protocol: 'https' });
    expect(String(p.options.ca)).toBe('ca.pem-content');
    expect(String(p.options.key)).toBe('key.pem-content');
    expect(parseEngineAddress('tcp://h', { DOCKER_TLS_VERIFY: '1' }).options).toMatchObject({
      protocol: 'https',
      port: 2376,
    });
    expect(parseEngineAddress('tcp://h:2376', { DOCKER_TLS_VERIFY: '0' }).options).toMatchObject({
      protocol: 'http',
    });
  });

  it('a missing cert folder is a clear error naming DOCKER_CERT_PATH', () => {
    expect(() =>
      parseEngineAddress('tcp://h:2376', {
        DOCKER_TLS_VERIFY: '1',
        DOCKER_CERT_PATH: '/nonexistent/certs',
      }),
    ).toThrow(/DOCKER_CERT_PATH \(\/nonexistent\/certs\)/);
  });

  it('ssh with user and port, authenticated through SSH_AUTH_SOCK', () => {
    const p = parseEngineAddress('ssh://ada@build.example:2222', {
      SSH_AUTH_SOCK: '/tmp/agent.sock',
    });
    expect(p.display).toBe('ssh://ada@build.example:2222');
    expect(p.options).toMatchObject({
      protocol: 'ssh',
      host: 'build.example',
      port: 2222,
      username: 'ada',
      sshOptions: { agent: '/tmp/agent.sock' },
    });
    expect(parseEngineAddress('ssh://box').options).toMatchObject({ host: 'box', port: 22 });
  });

  it('Windows named pipes', () => {
    expect(parseEngineAddress('npipe:////./pipe/docker_engine').options).toEqual({
      socketPath: '\\\\.\\pipe\\docker_engine',
    });
  });

  it('rejects what it cannot use, without echoing a password', () => {
    expect(() => parseEngineAddress('')).toThrow(/empty/);
    expect(() => parseEngineAddress('docker.sock')).toThrow(/no scheme/);
    expect(() => parseEngineAddress('ftp://u:hunter2@x')).toThrow(/scheme "ftp" is not supported/);
    try {
      parseEngineAddress('ftp://u:hunter2@x');
    } catch (e) {
      expect((e as Error).message).not.toContain('hunter2');
    }
    expect(redactAddress('ssh://u:pw@h:22')).toBe('ssh://u:••••@h:22');
  });
});
