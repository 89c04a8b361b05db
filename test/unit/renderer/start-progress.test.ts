/**
 * A start seen from a window that did not ask for it, under Node. Two clients share one host
 * through the in-process binding (the same dispatch and event checks as IPC and WebSocket):
 * "the other window" starts a session, "this window" only listens, wired like the app does it.
 * The host emits what the session manager emits, in its order: the record ('starting'), then
 * progress and setup output, then the final status.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Api, Handlers } from '../../../src/shared/contract';
import { AppError } from '../../../src/shared/errors';
import type { SessionInfo, SessionProgress } from '../../../src/shared/schemas/session';
import { EventBus } from '../../../src/main/events';
import { createLocalApi } from '../../../src/main/transport/local';
import { silentLog } from '../../../src/main/transport/log';
import { setApi } from '../../../src/renderer/src/api-context';
import {
  phaseFraction,
  phaseText,
} from '../../../src/renderer/src/components/sessions/start-phases';
import { useSessions } from '../../../src/renderer/src/stores/sessions';
import {
  MAX_LOG_CHARS,
  MAX_SEEN_STARTS,
  listenForStarts,
  useStartProgress,
} from '../../../src/renderer/src/stores/start-progress';

const FOLDER = '/home/u/app';
const ID = 'f00d0001';

function record(status: SessionInfo['status'], id = ID): SessionInfo {
  return {
    schemaVersion: 1,
    id,
    name: 'e2e',
    folder: FOLDER,
    branch: 'claude/e2e',
    baseCommit: null,
    engine: { address: 'unix:///var/run/docker.sock', kind: 'docker' },
    containerId: status === 'starting' ? null : 'c1',
    containerName: 'ccr-e2e',
    image: 'img',
    containerUser: '',
    status,
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-01T00:00:00Z',
  };
}

function fakeHost() {
  const bus = new EventBus();
  const records = new Map<string, SessionInfo>();
  let release: (outcome: 'running' | 'failed') => void = () => {};
  const set = (info: SessionInfo) => {
    records.set(info.id, info);
    bus.emit('sessionStatus', info);
  };
  const progress = (phase: SessionProgress['phase'], message: string, n?: [number, number]) =>
    bus.emit('sessionProgress', {
      sessionId: ID,
      phase,
      message,
      ...(n ? { current: n[0], total: n[1] } : {}),
    });
  const handlers = {
    listSessions: async () => ({ sessions: [...records.values()] }),
    getSession: async ({ id }: { id: string }) => {
      const s = records.get(id);
      if (!s) throw new AppError('session-not-found', `there is no session ${id}`);
      return s;
    },
    startSession: async () => {
      set(record('starting'));
      progress('image', 'preparing the image');
      progress('setup', 'running setup command 1 of 2', [0, 2]);
      bus.emit('sessionLog', { sessionId: ID, stream: 'stdout', text: 'setup-output-line\n' });
      const outcome = await new Promise<'running' | 'failed'>((r) => (release = r));
      if (outcome === 'failed') {
        // Failed before a container existed: the record goes, its last status is announced.
        records.delete(ID);
        bus.emit('sessionStatus', record('failed'));
        throw new AppError('setup-command-failed', 'setup command 2 failed');
      }
      set(record('running'));
      return record('running');
    },
  };
  const core = { handlers: handlers as unknown as Handlers, bus };
  return {
    bus,
    records,
    progress,
    finish: (outcome: 'running' | 'failed' = 'running') => release(outcome),
    otherWindow: createLocalApi(core, silentLog),
    thisWindow: createLocalApi(core, silentLog),
  };
}

/** This window's event wiring, as components/sessions/wire.ts does it. */
function wire(client: Api): () => void {
  const offs = [
    client.onSessionStatus((info) => useSessions.getState().applyStatus(info)),
    listenForStarts(client),
  ];
  return () => offs.forEach((off) => off());
}

const seen = () => useStartProgress.getState().byId[ID];
let unwire: () => void = () => {};

beforeEach(() => {
  useSessions.setState({ sessions: {}, starts: {}, attention: {}, loaded: false });
  useStartProgress.setState({ byId: {} });
});
afterEach(() => unwire());

describe('a start asked for by another window', () => {
  it('shows its phase and setup output here, and ends when its status arrives', async () => {
    const host = fakeHost();
    setApi(host.thisWindow);
    unwire = wire(host.thisWindow);
    await useSessions.getState().load();

    const started = host.otherWindow.startSession({ folder: FOLDER });
    await vi.waitFor(() => expect(seen()?.log).toBe('setup-output-line\n'));
    expect(seen()?.progress).toMatchObject({ phase: 'setup', current: 0, total: 2 });
    expect(phaseText(seen()!.progress)).toBe('setup: running setup command 1 of 2');
    expect(useSessions.getState().sessions[ID]?.status).toBe('starting');
    // Not this window's start: its own start screen has nothing.
    expect(useSessions.getState().starts).toEqual({});

    host.progress('agent', 'starting the agent');
    await vi.waitFor(() => expect(seen()?.progress?.phase).toBe('agent'));
    host.finish();
    await started;
    await vi.waitFor(() => expect(useSessions.getState().sessions[ID]?.status).toBe('running'));
    expect(seen()).toBeUndefined();

    // A late event for a session that runs does not bring the start back.
    host.progress('agent', 'late');
    host.bus.emit('sessionLog', { sessionId: ID, stream: 'system', text: 'note\n' });
    await new Promise((r) => setTimeout(r, 10));
    expect(seen()).toBeUndefined();
  });

  it('is shown in a page opened while it runs, from the next event on', async () => {
    const host = fakeHost();
    const started = host.otherWindow.startSession({ folder: FOLDER });
    await vi.waitFor(() => expect(host.records.get(ID)?.status).toBe('starting'));

    setApi(host.thisWindow);
    unwire = wire(host.thisWindow);
    await useSessions.getState().load();
    expect(useSessions.getState().sessions[ID]?.status).toBe('starting');
    expect(seen()).toBeUndefined(); // what came before this page listened is not replayed

    host.progress('setup', 'running setup command 2 of 2', [1, 2]);
    host.bus.emit('sessionLog', { sessionId: ID, stream: 'stderr', text: 'second\n' });
    await vi.waitFor(() => expect(seen()?.log).toBe('second\n'));
    expect(seen()?.progress?.message).toBe('running setup command 2 of 2');

    host.finish('failed');
    await expect(started).rejects.toMatchObject({ code: 'setup-command-failed' });
    await vi.waitFor(() => expect(seen()).toBeUndefined());
  });

  it('ends with a status missed while disconnected, once the list is read again', async () => {
    const host = fakeHost();
    setApi(host.thisWindow);
    unwire = wire(host.thisWindow);
    await useSessions.getState().load();
    void host.otherWindow.startSession({ folder: FOLDER });
    await vi.waitFor(() => expect(seen()?.progress?.phase).toBe('setup'));

    unwire(); // the socket dropped; the start finished meanwhile
    host.finish();
    await vi.waitFor(() => expect(host.records.get(ID)?.status).toBe('running'));
    expect(seen()).toBeDefined();
    unwire = wire(host.thisWindow);
    await useSessions.getState().load(); // what App does after a reconnect
    expect(seen()).toBeUndefined();
  });

  it('keeps a bounded amount: the newest output, a few starts at a time', async () => {
    const host = fakeHost();
    setApi(host.thisWindow);
    unwire = wire(host.thisWindow);
    for (let i = 0; i < 5; i++)
      host.bus.emit('sessionLog', { sessionId: ID, stream: 'stdout', text: `${i}`.repeat(20_000) });
    await vi.waitFor(() => expect(seen()?.log.endsWith('4'.repeat(20_000))).toBe(true));
    expect(seen()!.log.length).toBe(MAX_LOG_CHARS);

    for (let i = 0; i < MAX_SEEN_STARTS + 4; i++)
      host.bus.emit('sessionProgress', {
        sessionId: `a${i}`,
        phase: 'image',
        message: 'building',
      });
    await vi.waitFor(() =>
      expect(useStartProgress.getState().byId[`a${MAX_SEEN_STARTS + 3}`]).toBeDefined(),
    );
    expect(Object.keys(useStartProgress.getState().byId)).toHaveLength(MAX_SEEN_STARTS);
    expect(useStartProgress.getState().byId[ID]).toBeUndefined(); // the oldest went first
  });
});

describe('a start asked for by this window', () => {
  const mine = () => useSessions.getState().starts[FOLDER];
  /** What this window's start screen shows: the one store, under the start's session id. */
  const screen = () => {
    const id = mine()?.sessionId;
    return id ? useStartProgress.getState().byId[id] : undefined;
  };

  it('shows the same phase and output as the sidebar, and ends when the session runs', async () => {
    const host = fakeHost();
    setApi(host.thisWindow);
    unwire = wire(host.thisWindow);
    await useSessions.getState().load();

    const started = useSessions.getState().start(FOLDER, {});
    await vi.waitFor(() => expect(screen()?.log).toBe('setup-output-line\n'));
    expect(mine()).toMatchObject({ busy: true, sessionId: ID, error: null });
    expect(screen()).toBe(seen()); // one record, not a copy per view
    expect(screen()?.progress).toMatchObject({ phase: 'setup', current: 0, total: 2 });

    host.finish();
    await expect(started).resolves.toMatchObject({ id: ID, status: 'running' });
    expect(mine()).toMatchObject({ busy: false, error: null });
    expect(seen()).toBeUndefined();
  });

  it('keeps the setup output beside the error after a failure, until the screen lets go', async () => {
    const host = fakeHost();
    setApi(host.thisWindow);
    unwire = wire(host.thisWindow);
    await useSessions.getState().load();

    const started = useSessions.getState().start(FOLDER, {});
    await vi.waitFor(() => expect(screen()?.log).toBe('setup-output-line\n'));
    host.finish('failed');
    await expect(started).resolves.toBeNull();
    expect(mine()?.error).toMatchObject({ code: 'setup-command-failed' });
    expect(useSessions.getState().sessions[ID]?.status).toBe('failed');
    // The output that explains the failure stays on this window's start screen…
    expect(screen()?.log).toBe('setup-output-line\n');
    // …and a late event for the failed session adds nothing to it.
    host.bus.emit('sessionLog', { sessionId: ID, stream: 'stdout', text: 'late\n' });
    await new Promise((r) => setTimeout(r, 10));
    expect(screen()?.log).toBe('setup-output-line\n');

    useSessions.getState().clearStart(FOLDER);
    expect(seen()).toBeUndefined();
  });
});

describe('how far a start is', () => {
  it('grows through the phases and within a phase that counts, never reaching the end', () => {
    const p = (phase: SessionProgress['phase'], current?: number, total?: number) =>
      phaseFraction({ sessionId: ID, phase, message: '', current, total });
    const order = [
      phaseFraction(null),
      p('checking'),
      p('image'),
      p('snapshot', 0, 100),
      p('snapshot', 50, 100),
      p('snapshot', 100, 100),
      p('setup', 1, 2),
      p('agent'),
    ];
    for (let i = 1; i < order.length; i++) expect(order[i]!).toBeGreaterThan(order[i - 1]!);
    expect(p('snapshot', 500, 100)).toBeLessThanOrEqual(1);
    expect(Math.max(...order)).toBeLessThan(1);
  });
});
