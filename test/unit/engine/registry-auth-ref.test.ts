import { describe, expect, it } from 'vitest';
import {
  fromImages,
  keyMatch,
  parseKey,
  registryOfRef,
  repositoryOfRef,
  serverAddressOf,
} from '../../../src/main/engine/registry-auth-ref';

describe('registry of an image reference (docker rules)', () => {
  it('sends names without a host-like first component to Docker Hub', () => {
    for (const ref of [
      'ubuntu',
      'ubuntu:22.04',
      'library/ubuntu',
      'team/app:1',
      'team/app@sha256:ab',
    ])
      expect(registryOfRef(ref)).toBe('docker.io');
    for (const ref of ['docker.io/team/app', 'index.docker.io/team/app', 'registry-1.docker.io/x'])
      expect(registryOfRef(ref)).toBe('docker.io');
  });

  it('takes a first component with a dot, a colon, or "localhost" as the registry', () => {
    expect(registryOfRef('ghcr.io/team/app:1')).toBe('ghcr.io');
    expect(registryOfRef('GHCR.io/team/app')).toBe('ghcr.io');
    expect(registryOfRef('127.0.0.1:5000/test/img:1')).toBe('127.0.0.1:5000');
    expect(registryOfRef('localhost/app')).toBe('localhost');
    expect(registryOfRef('myhost:5000/app')).toBe('myhost:5000');
    // No dot/colon: a Hub namespace called "myhost", as docker reads it.
    expect(registryOfRef('myhost/app')).toBe('docker.io');
  });

  it('names the repository inside the registry', () => {
    expect(repositoryOfRef('ubuntu:22.04')).toBe('library/ubuntu');
    expect(repositoryOfRef('docker.io/team/app:1')).toBe('team/app');
    expect(repositoryOfRef('127.0.0.1:5000/test/img:1')).toBe('test/img');
    expect(repositoryOfRef('ghcr.io/a/b/c@sha256:00')).toBe('a/b/c');
  });

  it('gives Docker Hub its config-file server address', () => {
    expect(serverAddressOf('docker.io')).toBe('https://index.docker.io/v1/');
    expect(serverAddressOf('ghcr.io')).toBe('ghcr.io');
  });
});

describe('config-file keys', () => {
  it('compares by host, whatever scheme or API path the key carries', () => {
    expect(parseKey('https://index.docker.io/v1/')).toEqual({ host: 'docker.io', path: '' });
    expect(parseKey('registry-1.docker.io')).toEqual({ host: 'docker.io', path: '' });
    expect(parseKey('http://Reg.Example.com:5000/v2/')).toEqual({
      host: 'reg.example.com:5000',
      path: '',
    });
    expect(parseKey('quay.io/team/repo')).toEqual({ host: 'quay.io', path: 'team/repo' });
    expect(parseKey('not a host')).toBeNull();
    expect(parseKey('')).toBeNull();
  });

  it('never matches another port of the same host', () => {
    expect(keyMatch('reg.example.com', 'reg.example.com:5000', 'a', false)).toBe(-1);
    expect(keyMatch('reg.example.com:5000', 'reg.example.com:5000', 'a', false)).toBe(0);
  });

  it('scopes Podman keys with a namespace to that namespace, longest first', () => {
    expect(keyMatch('quay.io/team', 'quay.io', 'team/repo', true)).toBe(4);
    expect(keyMatch('quay.io/team/repo', 'quay.io', 'team/repo', true)).toBe(9);
    expect(keyMatch('quay.io/other', 'quay.io', 'team/repo', true)).toBe(-1);
    expect(keyMatch('quay.io/te', 'quay.io', 'team/repo', true)).toBe(-1);
    // Docker's files ignore the path, as the docker CLI does.
    expect(keyMatch('quay.io/other', 'quay.io', 'team/repo', false)).toBe(0);
  });
});

describe('FROM images of a Dockerfile', () => {
  it('substitutes ARG defaults and build arguments, skips stages and scratch', () => {
    const text = [
      '# syntax comment',
      'ARG BASE_IMAGE=node:22-bookworm-slim',
      'ARG TOOLS',
      'FROM --platform=linux/amd64 ${BASE_IMAGE} AS build',
      'RUN make',
      'FROM $TOOLS as tools',
      'FROM scratch',
      'FROM build',
      'COPY --from=tools / /',
      'FROM \\',
      '  ghcr.io/team/runtime:2',
    ].join('\n');
    expect(fromImages(text)).toEqual(['node:22-bookworm-slim', 'ghcr.io/team/runtime:2']);
    expect(
      fromImages(text, { BASE_IMAGE: '127.0.0.1:5000/base:1', TOOLS: 'quay.io/t/tools' }),
    ).toEqual(['127.0.0.1:5000/base:1', 'quay.io/t/tools', 'ghcr.io/team/runtime:2']);
  });
});
