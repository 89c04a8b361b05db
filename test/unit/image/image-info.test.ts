import { describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/main/engine/types';
import {
  DEFAULT_IMAGE,
  ensureImage,
  PREBUILT_IMAGE,
  type ImageConfig,
} from '../../../src/main/image/ensure-image';
import { dockerfileBases, extraAgentsFor } from '../../../src/main/image/image-info';

describe('dockerfileBases', () => {
  it('finds the images named in FROM lines, with ARG defaults and without stage names', () => {
    const text = [
      '# syntax comment',
      'ARG BASE=claude-code-runner:latest',
      'FROM --platform=linux/amd64 golang:1.22 AS build',
      'RUN go build ./...',
      'FROM ${BASE}',
      'COPY --from=build /out /usr/local/bin/',
      'from build as again',
    ].join('\n');
    expect(dockerfileBases(text)).toEqual(['golang:1.22', 'claude-code-runner:latest']);
  });
  it('joins continued lines', () => {
    expect(dockerfileBases('FROM \\\n  claude-code-runner:latest\nRUN true\n')).toEqual([
      'claude-code-runner:latest',
    ]);
  });
});

describe('extraAgentsFor', () => {
  it.each([
    [['claude', '--dangerously-skip-permissions'], []],
    [['codex', '--yolo'], ['codex']],
    [['/usr/local/bin/gemini'], ['gemini']],
    [['opencode'], ['opencode']],
    [['rm', '-rf'], []],
  ])('%j → %j', (cmd, words) => {
    expect(extraAgentsFor(cmd)).toEqual(words);
  });
});

/**
 * buildImage:false names a registry this machine cannot reach, so the engine is a recorder
 * here; the build paths run against real engines in test/integration/image.test.ts.
 */
function recordingEngine(local: Set<string>): { engine: Engine; pulled: string[] } {
  const pulled: string[] = [];
  const engine = {
    info: { address: 'unix:///recorder.sock' },
    imageExists: async (ref: string) => local.has(ref),
    pullImage: async (ref: string) => {
      pulled.push(ref);
      local.add(ref);
    },
    docker: { getImage: () => ({ inspect: async () => ({ Config: { User: 'agent' } }) }) },
  } as unknown as Engine;
  return { engine, pulled };
}

describe('ensureImage with buildImage false', () => {
  const cfg: ImageConfig = {
    dockerImage: DEFAULT_IMAGE,
    buildImage: false,
    extraCaCertificates: [],
    network: 'default',
  };
  const opts = { projectDir: '/tmp', appVersion: '1.0.0' };

  it('pulls the published image when the name is the default one', async () => {
    const { engine, pulled } = recordingEngine(new Set());
    const res = await ensureImage(engine, { ...opts, config: cfg });
    expect(pulled).toEqual([PREBUILT_IMAGE]);
    expect(res).toEqual({ image: PREBUILT_IMAGE, built: false, user: 'agent', recipe: null });
  });

  it('uses a local image as is without pulling', async () => {
    const { engine, pulled } = recordingEngine(new Set(['my/image:1']));
    const res = await ensureImage(engine, {
      ...opts,
      config: { ...cfg, dockerImage: 'my/image:1' },
    });
    expect(pulled).toEqual([]);
    expect(res.image).toBe('my/image:1');
  });
});

describe('ensureImage with sessions starting together', () => {
  it('builds a tag once and lets the others wait for that build', async () => {
    const images = new Map<string, Record<string, string>>();
    const builds: string[] = [];
    const engine = {
      info: { address: 'unix:///recorder.sock', kind: 'podman' },
      imageLabels: async (ref: string) => images.get(ref) ?? null,
      buildImage: async (opts: { tag: string; labels: Record<string, string> }) => {
        builds.push(opts.tag);
        await new Promise((r) => setTimeout(r, 30));
        images.set(opts.tag, opts.labels);
      },
      docker: { getImage: () => ({ inspect: async () => ({ Config: { User: 'claude' } }) }) },
    } as unknown as Engine;
    const cfg: ImageConfig = {
      dockerImage: 'ccr-unit:latest',
      buildImage: true,
      extraCaCertificates: [],
      network: 'default',
    };
    const results = await Promise.all(
      [1, 2, 3].map(() =>
        ensureImage(engine, { config: cfg, projectDir: '/tmp', appVersion: '1.0.0' }),
      ),
    );
    expect(builds).toEqual(['ccr-unit:latest']);
    expect(results.map((r) => r.built).sort()).toEqual([false, false, true]);
    expect(new Set(results.map((r) => r.recipe)).size).toBe(1);
  });
});
