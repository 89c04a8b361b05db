import { createServer } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { connectEngineAt } from '../../../src/main/engine/connect';
import { engineMessage, mapEngineError } from '../../../src/main/engine/errors';
import { pullError } from '../../../src/main/engine/images';

describe('engine error messages', () => {
  it("strips docker-modem's prefix and keeps the engine's words", () => {
    const err = Object.assign(
      new Error('(HTTP code 404) no such container - No such container: abc '),
      {
        statusCode: 404,
        json: { message: 'No such container: abc' },
      },
    );
    expect(engineMessage(err)).toBe('No such container: abc');
    expect(
      mapEngineError(err, {
        action: 'start container abc',
        address: 'unix:///x',
        notFound: 'container-not-found',
        what: 'container abc',
      }),
    ).toMatchObject({
      code: 'container-not-found',
      message: 'container abc does not exist (No such container: abc)',
    });
  });

  it('classifies pull failures by what the registry said (messages seen from Docker and Podman)', () => {
    expect(
      pullError('x/y:1', 'manifest for x/y:1 not found: manifest unknown: manifest unknown'),
    ).toMatchObject({
      code: 'pull-failed',
      message: expect.stringMatching(/^image x\/y:1 was not found in its registry/),
    });
    expect(
      pullError(
        'x/y:1',
        "pull access denied for x/y, repository does not exist or may require 'docker login'",
      ).message,
    ).toMatch(/not found|refused/);
    expect(pullError('p/q', 'unauthorized: authentication required').hint).toMatch(/log in/);
    expect(
      pullError(
        'p/q',
        'Get "https://registry-1.docker.io/v2/": dial tcp: lookup registry-1.docker.io on 10.0.0.53:53: no such host',
      ).message,
    ).toMatch(/^could not reach the registry for p\/q/);
  });

  it('an engine that goes away after connecting gives engine-unreachable, not a stack trace', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ccr-gone-'));
    const sock = join(dir, 'engine.sock');
    const server = createServer((req, res) => {
      if (req.url?.includes('_ping')) return res.end('OK');
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify({
          Version: '20.10.24',
          ApiVersion: '1.41',
          Components: [{ Name: 'Engine' }],
        }),
      );
    });
    await new Promise<void>((r) => server.listen(sock, r));
    const engine = await connectEngineAt(`unix://${sock}`);
    expect(engine.info.kind).toBe('docker');
    await new Promise<void>((r) => server.close(() => r()));
    await expect(engine.startContainer('abc')).rejects.toMatchObject({
      code: 'engine-unreachable',
      message: expect.stringContaining(
        `could not start container abc: the engine at unix://${sock} is not reachable`,
      ),
      hint: expect.stringContaining('start Docker'),
    });
  });
});
