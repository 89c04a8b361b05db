/**
 * The start store's part of the trust question, under Node: a start refused with
 * config-untrusted waits with what the file asks for (no error shown), and the answer starts
 * again with the sha256 that was shown, or 'ignore', or drops the start. A file that changed
 * after it was shown is asked about again with its new content.
 *
 * The host here follows the contract's rule (src/main/sessions/start-prepare.ts): a start
 * goes through only with 'ignore' or the current content's hash.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { Api } from '../../../src/shared/contract';
import { AppError } from '../../../src/shared/errors';
import type { UntrustedConfig } from '../../../src/shared/schemas/config';
import type { SessionInfo } from '../../../src/shared/schemas/session';
import { setApi } from '../../../src/renderer/src/api-context';
import { useSessions } from '../../../src/renderer/src/stores/sessions';

const FOLDER = '/repo';
const sha = (c: string) => c.repeat(64);
const file = (hash: string, command: string): UntrustedConfig => ({
  file: `${FOLDER}/claude-run.config.json`,
  sha256: hash,
  settings: [{ key: 'agent', why: 'replaces the agent command', value: command }],
});

interface Host {
  current: UntrustedConfig | null;
  starts: unknown[];
  checks: number;
}

function fakeHost(current: UntrustedConfig | null): Host {
  const host: Host = { current, starts: [], checks: 0 };
  const api = {
    startSession: async (input: {
      folder: string;
      name?: string;
      projectConfig?: 'ignore' | { trust: string };
    }) => {
      host.starts.push(input);
      const d = input.projectConfig;
      if (
        host.current &&
        d !== 'ignore' &&
        (typeof d !== 'object' || d.trust !== host.current.sha256)
      )
        throw new AppError('config-untrusted', 'claude-run.config.json asks for: agent', 'review');
      return { id: 's1', folder: input.folder, status: 'starting' } as SessionInfo;
    },
    checkProjectConfig: async () => {
      host.checks++;
      return { untrusted: host.current };
    },
    getSession: async () => ({}),
  };
  setApi(api as unknown as Api);
  return host;
}

const st = () => useSessions.getState().starts[FOLDER];

beforeEach(() => useSessions.setState({ sessions: {}, starts: {}, attention: {} }));

describe('starting with a project config file that is not trusted', () => {
  it('waits with the settings, then starts trusting exactly the hash that was shown', async () => {
    const host = fakeHost(file(sha('a'), 'sh -c evil'));
    expect(await useSessions.getState().start(FOLDER, { name: 'claude/x' })).toBeNull();
    expect(st()).toMatchObject({ busy: false, error: null, untrusted: host.current });

    const info = await useSessions.getState().answerTrust(FOLDER, 'trust');
    expect(info?.id).toBe('s1');
    expect(host.starts.at(-1)).toEqual({
      folder: FOLDER,
      name: 'claude/x',
      projectConfig: { trust: sha('a') },
    });
    expect(st()).toMatchObject({ untrusted: null, error: null, sessionId: 's1' });
  });

  it('asks again with the new content when the file changed after it was shown', async () => {
    const host = fakeHost(file(sha('a'), 'first'));
    await useSessions.getState().start(FOLDER, {});
    host.current = file(sha('b'), 'second');
    expect(await useSessions.getState().answerTrust(FOLDER, 'trust')).toBeNull();
    expect(st()?.untrusted?.settings[0]?.value).toBe('second');
    expect(st()?.error).toBeNull();

    await useSessions.getState().answerTrust(FOLDER, 'trust');
    expect(host.starts.at(-1)).toMatchObject({ projectConfig: { trust: sha('b') } });
    expect(st()?.sessionId).toBe('s1');
  });

  it('starts without the settings, or cancels without starting or showing an error', async () => {
    const host = fakeHost(file(sha('a'), 'x'));
    await useSessions.getState().start(FOLDER, { prompt: 'hi' });
    await useSessions.getState().answerTrust(FOLDER, 'ignore');
    expect(host.starts.at(-1)).toEqual({ folder: FOLDER, prompt: 'hi', projectConfig: 'ignore' });

    await useSessions.getState().start(FOLDER, {});
    const before = host.starts.length;
    expect(await useSessions.getState().answerTrust(FOLDER, 'cancel')).toBeNull();
    expect(host.starts.length).toBe(before);
    expect(st()).toBeUndefined();
  });

  it('shows the refusal as an error when the host then has nothing to ask about', async () => {
    const host = fakeHost(file(sha('a'), 'x'));
    const refused = useSessions.getState().start(FOLDER, {});
    host.current = null; // changed between the refusal and the question
    await refused;
    expect(host.checks).toBe(1);
    expect(st()).toMatchObject({ untrusted: null, error: { code: 'config-untrusted' } });
  });
});
