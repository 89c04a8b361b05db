/** The build error a user meets when the base image cannot be pulled: which cause, which fixes. */
import { describe, expect, it } from 'vitest';
import { basePullError, classifyPullFailure } from '../../../src/main/engine/base-pull-error';

const DEFAULT_RECIPE = 'ARG BASE_IMAGE=node:22-bookworm-slim\nFROM ${BASE_IMAGE}\n';

describe('base image pull failures', () => {
  it.each([
    ['toomanyrequests: You have reached your pull rate limit.', 'rate-limit'],
    ['proxyconnect tcp: dial tcp 10.0.0.1:3128: connect: connection refused', 'proxy'],
    ['tls: failed to verify certificate: x509: certificate signed by unknown authority', 'tls'],
    ['dial tcp: lookup registry-1.docker.io: no such host', 'offline'],
    ['manifest for node:99 not found: manifest unknown', 'not-found'],
  ])('reads %j as %s', (text, problem) => {
    expect(classifyPullFailure(text)).toBe(problem);
  });

  it('leaves a failing RUN step to its own message', () => {
    const failure = "The command '/bin/sh -c exit 7' returned a non-zero code: 7";
    expect(basePullError('t', failure, ['node:22'], DEFAULT_RECIPE, 'docker')).toBeNull();
  });

  it('is not about the base when nothing had to be pulled', () => {
    const failure = 'RUN curl https://example.com: dial tcp: lookup example.com: no such host';
    expect(basePullError('t', failure, [], DEFAULT_RECIPE, 'docker')).toBeNull();
  });

  it('names Docker Hub, the rate limit and the login for a Hub refusal', () => {
    const e = basePullError(
      'claude-code-runner:latest',
      'toomanyrequests: You have reached your pull rate limit.',
      ['node:22-bookworm-slim'],
      DEFAULT_RECIPE,
      'docker',
    )!;
    expect(e.code).toBe('base-image-pull-failed');
    expect(e.message).toContain(
      'node:22-bookworm-slim could not be pulled from registry-1.docker.io (Docker Hub)',
    );
    expect(e.message).toContain('pull limit');
    expect(e.hint).toContain('`docker login`');
    expect(e.hint).toContain('"baseImage"');
  });

  it('gives Podman its own proxy and CA places, and no BASE_IMAGE fix for a Dockerfile without it', () => {
    const offline = basePullError(
      't',
      'dial tcp: i/o timeout',
      ['ghcr.io/me/base:1'],
      'FROM ghcr.io/me/base:1\n',
      'podman',
    )!;
    expect(offline.message).toContain('from ghcr.io:');
    expect(offline.hint).toContain('give Podman your proxy');
    expect(offline.hint).not.toContain('BASE_IMAGE');
    const tls = basePullError(
      't',
      'x509: certificate signed by unknown authority',
      ['ghcr.io/me/base:1'],
      'FROM ghcr.io/me/base:1\n',
      'podman',
    )!;
    expect(tls.hint).toContain('/etc/containers/certs.d');
  });
});
