/**
 * A start's bar never moves back: the image phase's events as the start pipeline reports them
 * (a build's steps with log lines between them, a pull's layers each counting its own bytes,
 * messages without a count) go through the store every view of a start reads (sidebar, session
 * panel, the start screen of the window that asked), and each shown fraction is at least the one
 * before. Every message says what the start waits for.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { ImageProgress } from '../../../src/main/image/progress';
import { imageReporter, setupMessage } from '../../../src/main/sessions/start-messages';
import type { SessionInfo, SessionProgress } from '../../../src/shared/schemas/session';
import { useSessions } from '../../../src/renderer/src/stores/sessions';
import { useStartProgress } from '../../../src/renderer/src/stores/start-progress';

const ID = 'f00d0002';
const FOLDER = '/home/u/app';

/** What the pipeline emits for one start: the image's events through imageReporter, then on. */
function startEvents(image: ImageProgress[]): SessionProgress[] {
  const out: SessionProgress[] = [];
  const emit = (
    phase: SessionProgress['phase'],
    message: string,
    current?: number,
    total?: number,
  ) => out.push({ sessionId: ID, phase, message, current, total });
  emit('image', 'preparing the image');
  const report = imageReporter((m, current, total) => emit('image', m, current, total));
  image.forEach(report);
  emit('credentials', 'looking for credentials to forward');
  emit('container', 'creating the container');
  emit('snapshot', 'copying your files', 0, 10);
  emit('snapshot', 'copying your files', 10, 10);
  emit('snapshot', 'putting credentials and settings into the container');
  emit('snapshot', 'starting the container');
  emit('workspace', 'setting up the repository');
  emit('setup', setupMessage(0, ['npm ci']), 0, 1);
  emit('agent', 'starting the agent');
  return out;
}

const BUILD: ImageProgress[] = [
  { phase: 'image-check', message: 'checking image app:latest' },
  { phase: 'image-build', message: 'building image app:latest (not built yet)' },
  { phase: 'image-build', message: 'Step 1/4 : FROM debian', current: 1, total: 4 },
  { phase: 'image-build', message: 'Step 2/4 : RUN apt-get install -y git', current: 2, total: 4 },
  { phase: 'image-build', message: 'Get:1 http://deb.debian.org bookworm InRelease' },
  { phase: 'image-build', message: 'Setting up git (1:2.39.5-0+deb12u1) ...' },
  { phase: 'image-build', message: 'Step 3/4 : COPY . /opt', current: 3, total: 4 },
  { phase: 'image-build', message: 'Step 4/4 : USER agent', current: 4, total: 4 },
  { phase: 'image-ready', message: 'built image app:latest' },
];

const PULL: ImageProgress[] = [
  { phase: 'image-check', message: 'checking image registry.example/app:latest' },
  { phase: 'image-pull', message: 'pulling image registry.example/app:latest' },
  { phase: 'image-pull', message: 'aaaaaaaaaaaa: Downloading', current: 5e6, total: 10e6 },
  { phase: 'image-pull', message: 'aaaaaaaaaaaa: Downloading', current: 10e6, total: 10e6 },
  { phase: 'image-pull', message: 'aaaaaaaaaaaa: Pull complete' },
  { phase: 'image-pull', message: 'bbbbbbbbbbbb: Downloading', current: 1e6, total: 90e6 },
  { phase: 'image-pull', message: 'bbbbbbbbbbbb: Downloading', current: 60e6, total: 90e6 },
  { phase: 'image-pull', message: 'bbbbbbbbbbbb: Pull complete' },
  { phase: 'image-ready', message: 'using image registry.example/app:latest' },
];

function record(): SessionInfo {
  return {
    schemaVersion: 1,
    id: ID,
    name: 'e2e',
    folder: FOLDER,
    branch: 'claude/e2e',
    baseCommit: null,
    engine: { address: 'unix:///var/run/docker.sock', kind: 'docker' },
    containerId: null,
    containerName: 'ccr-e2e',
    image: 'img',
    containerUser: '',
    status: 'starting',
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-01T00:00:00Z',
  };
}

beforeEach(() => {
  useSessions.setState({ sessions: {}, starts: {}, attention: {}, loaded: false });
  useStartProgress.setState({ byId: {} });
});

describe('a start’s progress', () => {
  for (const [name, image] of [
    ['builds', BUILD],
    ['pulls', PULL],
  ] as const) {
    it(`never goes back while the image ${name}, in every window`, () => {
      // This window asked for the start (its start screen) and hears it (sidebar, panel).
      useSessions.setState({
        starts: {
          [FOLDER]: {
            ...{ folder: FOLDER, sessionId: ID, busy: true },
            ...{ error: null, untrusted: null, opts: {} },
          },
        },
      });
      useSessions.getState().applyStatus(record());
      const shown: number[] = [];
      for (const p of startEvents(image)) {
        useStartProgress.getState().applyProgress(p);
        shown.push(useStartProgress.getState().byId[ID]!.fraction);
      }
      for (let i = 1; i < shown.length; i++) expect(shown[i]).toBeGreaterThanOrEqual(shown[i - 1]!);
      expect(shown.at(-1)).toBeGreaterThan(shown[0]!);
      expect(shown.at(-1)).toBeLessThan(1);
    });
  }

  it('says what the image waits for: the build step, the pulled bytes, the setup command', () => {
    const messages = startEvents([...BUILD, ...PULL]).map((p) => p.message);
    expect(messages).toContain(
      'building the image (step 2/4): Get:1 http://deb.debian.org bookworm InRelease',
    );
    expect(messages).toContain('building the image, Step 3/4 : COPY . /opt');
    expect(messages).toContain('pulling the image: 70 MB of 100 MB (2 layers)');
    expect(messages).toContain('running setup command 1 of 1: npm ci');
  });

  it('counts a pull over all its layers, so the count never drops when a layer starts', () => {
    const counts: { current?: number; total?: number }[] = [];
    const report = imageReporter((_m, current, total) => counts.push({ current, total }));
    PULL.forEach(report);
    // Totals grow as layers appear; the bytes counted never go back.
    const bytes = counts.filter((c) => c.total).map((c) => c.current!);
    for (let i = 1; i < bytes.length; i++) expect(bytes[i]).toBeGreaterThanOrEqual(bytes[i - 1]!);
    const last = counts.at(-1)!;
    expect(last.current).toBe(last.total);
  });
});
