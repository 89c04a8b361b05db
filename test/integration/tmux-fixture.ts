/**
 * Containers for the agent-in-tmux tests: the tmux test image (built once per run from
 * test/fixtures/tmux-image, else the default image), a session record pointing at a container,
 * a TerminalService over it, and the screen a viewer would see.
 */
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Engine } from '../../src/main/engine/types';
import { TerminalService } from '../../src/main/terminals/service';
import type { SessionInfo } from '../../src/shared/schemas/session';
import type { TestEngine } from '../helpers/engines';
import { Recorder } from '../helpers/event-recorder';
import { ViewerScreen } from '../helpers/screen-compare';
import { TEST_LABEL } from './terminals-fixture';

export const TMUX_IMAGE = 'ccr-test-tmux:bookworm';
export const TMUX_FIXTURE = resolve(__dirname, '../fixtures/tmux-image');

/** The fixture image (built once, host network for apt), else the default image, else null. */
export async function tmuxImage(engine: Engine): Promise<{ image: string | null; reason: string }> {
  // Built every run (layer cache makes that quick), so a changed fixture is never stale.
  const ctx = mkdtempSync(join(tmpdir(), 'ccr-tmux-img-'));
  cpSync(TMUX_FIXTURE, ctx, { recursive: true });
  try {
    await engine.buildImage({
      contextDir: ctx,
      dockerfile: 'Dockerfile',
      tag: TMUX_IMAGE,
      labels: { [TEST_LABEL]: 'tmux' },
      networkMode: 'host',
    });
    return { image: TMUX_IMAGE, reason: '' };
  } catch (e) {
    if (await engine.imageExists('claude-code-runner:latest'))
      return { image: 'claude-code-runner:latest', reason: '' };
    return { image: null, reason: `no image with tmux: ${(e as Error).message}` };
  }
}

export function tmuxService(engine: Engine, session: SessionInfo) {
  const rec = new Recorder();
  const svc = new TerminalService({
    bus: rec.bus,
    getSession: async (id) => (id === session.id ? session : null),
    getEngine: async () => engine,
    quietMs: 60_000,
  });
  return { rec, svc };
}

/** A running container of `image` (as root) and the session record that points at it. */
export async function tmuxContainer(
  te: TestEngine,
  engine: Engine,
  image: string,
  name: string,
): Promise<SessionInfo> {
  const containerId = await engine.createContainer({
    name: `ccr-it-${name}-${te.name}-${Date.now()}`,
    image,
    labels: { [TEST_LABEL]: name },
    env: {},
    cmd: ['sleep', 'infinity'],
    workdir: '/workspace',
    network: 'none',
    user: 'root',
  });
  await engine.startContainer(containerId);
  await engine.exec(containerId, { cmd: ['mkdir', '-p', '/workspace'] });
  return {
    schemaVersion: 1,
    id: `it-${name}`,
    name,
    folder: '/nonexistent',
    branch: 'claude/test',
    baseCommit: null,
    engine: { address: te.address, kind: te.name },
    containerId,
    containerName: name,
    image,
    containerUser: '',
    status: 'running',
    createdAt: '',
    updatedAt: '',
  };
}

/** The screen a fresh viewer of terminal `id` sees. */
export async function viewerScreen(
  svc: TerminalService,
  id: string,
  viewer: string,
): Promise<ViewerScreen> {
  const snap = await svc.attach(id, viewer);
  const view = new ViewerScreen(snap.cols, snap.rows);
  await view.write(snap.serialized);
  return view;
}

export async function screenText(
  svc: TerminalService,
  id: string,
  viewer: string,
): Promise<string> {
  const view = await viewerScreen(svc, id, viewer);
  const text = (await view.view()).lines.join('\n');
  view.dispose();
  return text;
}
