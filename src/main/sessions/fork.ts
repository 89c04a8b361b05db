/**
 * Fork: a new session (own container, own branch) that starts at another session's branch tip
 * as the host imported it, optionally with that session's conversation copied in before its
 * agent starts (which then starts with the resume args, e.g. claude --continue).
 *
 * The start pipeline copies the user's snapshot as for any session (ignored files the config
 * includes, the object store that holds the imported tip), then the work tree is reset to the
 * tip: the user's uncommitted edits belong to their checkout, not to the fork.
 */
import type { Readable } from 'node:stream';
import { pack as tarPack, type Pack } from 'tar-stream';
import { AppError } from '../../shared/errors';
import { AllowlistPolicy, type NetworkPolicy } from '../../shared/schemas/network-policy';
import type { SessionInfo } from '../../shared/schemas/session';
import type { Engine } from '../engine/types';
import { git } from '../git/host-git';
import type { SnapshotPlan } from '../git/snapshot';
import {
  CONVERSATION_DIR,
  canResume,
  containerHome,
  walkConversation,
} from './conversation-archive';
import { keepIgnored } from './starting-point';
import type { ContainerIdentity } from './workspace';

const HASH = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;

/** What the start pipeline needs to make a fork (StartRequest.fork). */
export interface ForkFrom {
  sessionId: string;
  /** The source branch's tip on the host: the fork's first commit and review base. */
  commit: string;
  /** Copy the source's transcripts (its container, on its engine) and resume. */
  conversation?: { engineAddress: string; containerId: string; user: string };
}

/**
 * The network a fork starts with: the source session's policy as recorded, with the hosts the
 * user allowed for that session added to an allowlist (the fork does the same work). Null when
 * the source has no record: the fork's network is decided like any start's.
 */
export function inheritedNetwork(
  state: { policy: NetworkPolicy; sessionAllow: string[] } | null,
): NetworkPolicy | null {
  if (!state) return null;
  if (typeof state.policy === 'string') return state.policy;
  const merged = AllowlistPolicy.safeParse({
    ...state.policy,
    allow: [...new Set([...state.policy.allow, ...state.sessionAllow])].slice(0, 500),
  });
  return merged.success ? merged.data : state.policy;
}

/** The source session's branch tip in the host repository (what the import brought home). */
export async function forkPoint(s: SessionInfo): Promise<string> {
  const r = await git(
    s.folder,
    ['rev-parse', '--verify', '--quiet', `refs/heads/${s.branch}^{commit}`],
    {
      allowFailure: true,
    },
  );
  const tip = r.stdout.trim();
  if (r.exitCode !== 0 || !HASH.test(tip)) {
    throw new AppError(
      'fork-no-branch',
      `the branch ${s.branch} of session ${s.name} is not in ${s.folder}`,
      'its commits were not imported yet (or the branch was deleted); wait for the import or restart the session',
    );
  }
  return tip;
}

/**
 * After workspace-init: the fork's work tree and index are the tip's. Files git ignores stay
 * (includeIgnored copied them on purpose), so they are marked ignored before the clean.
 */
export async function checkoutForkTip(
  engine: Engine,
  containerId: string,
  opts: { commit: string; user: string; plan: SnapshotPlan; owner: { uid: number; gid: number } },
): Promise<void> {
  if (!HASH.test(opts.commit)) throw new AppError('fork-failed', 'the fork point is not a commit');
  await keepIgnored(engine, containerId, opts.plan.ignored, opts.owner);
  for (const cmd of [
    ['git', 'reset', '-q', '--hard', opts.commit],
    ['git', 'clean', '-q', '-f', '-d'],
  ]) {
    const r = await engine.exec(containerId, {
      cmd,
      user: opts.user || undefined,
      workdir: '/workspace',
    });
    if (r.exitCode !== 0) {
      throw new AppError(
        'fork-failed',
        `${cmd.slice(0, 2).join(' ')} in the fork's container failed (exit ${r.exitCode}): ${r.stderr.toString('utf8').trim().slice(0, 500)}`,
        'the container is kept for inspection',
      );
    }
  }
}

function put(pack: Pack, header: Parameters<Pack['entry']>[0], body?: NodeJS.ReadableStream) {
  return new Promise<void>((resolve, reject) => {
    if (!body) {
      pack.entry(header, (err) => (err ? reject(err) : resolve()));
      return;
    }
    const sink = pack.entry(header, (err) => (err ? reject(err) : resolve()));
    body.on('error', reject);
    body.pipe(sink);
  });
}

/**
 * Copies the source container's transcripts into the fork's container, owned by the fork's
 * user. Returns what was copied; found: false when the source has none.
 */
export async function copyConversation(
  from: { engine: Engine; containerId: string; user: string },
  to: { engine: Engine; containerId: string; identity: ContainerIdentity },
): Promise<{ found: boolean; files: number; bytes: number; refused: string[] }> {
  const source = await containerHome(from.engine, from.containerId, from.user);
  const home = to.identity.home.replace(/^\/+|\/+$/g, '');
  const owner = { uid: to.identity.uid, gid: to.identity.gid };
  const pack = tarPack();
  const upload = to.engine.putArchive(to.containerId, '/', pack as unknown as Readable);
  upload.catch(() => undefined); // awaited below
  let files = 0;
  let bytes = 0;
  const dirMode = 0o700;
  try {
    // ~/.claude first: the archive's folders are created with the owner named here.
    await put(pack, { name: `${home}/.claude`, type: 'directory', mode: dirMode, ...owner });
    const walked = await walkConversation(
      from.engine,
      from.containerId,
      source.home,
      async (entry, body) => {
        const name = `${home}/${CONVERSATION_DIR}${entry.rel === '' ? '' : `/${entry.rel}`}`;
        const mtime = entry.mtime ?? new Date();
        if (entry.type === 'directory') {
          body.resume();
          await put(pack, { name, type: 'directory', mode: dirMode, mtime, ...owner });
          return;
        }
        await put(
          pack,
          { name, type: 'file', mode: 0o600, size: entry.size, mtime, ...owner },
          body,
        );
        files++;
        bytes += entry.size;
      },
      'linux',
    );
    pack.finalize();
    await upload;
    return { found: walked.found, files, bytes, refused: walked.refused };
  } catch (e) {
    pack.destroy(e as Error);
    await upload.catch(() => undefined);
    throw e;
  }
}

/**
 * The start pipeline's step for a fork with its conversation: true when the agent is to resume
 * it. A failed copy is said in the session log and the agent starts fresh.
 */
export async function forkConversation(
  deps: { engineAt(address: string): Promise<Engine> },
  engine: Engine,
  containerId: string,
  identity: ContainerIdentity,
  from: NonNullable<ForkFrom['conversation']>,
  agent: { command: readonly string[]; user: string },
  log: (stream: 'system', text: string) => void,
): Promise<boolean> {
  try {
    const copied = await copyConversation(
      {
        engine: await deps.engineAt(from.engineAddress),
        containerId: from.containerId,
        user: from.user,
      },
      { engine, containerId, identity },
    );
    for (const r of copied.refused) log('system', `conversation: not copied: ${r}\n`);
    if (!copied.found) {
      log('system', 'the session forked from has no conversation yet: the agent starts fresh\n');
      return false;
    }
    log('system', `conversation copied (${copied.files} file(s), ${copied.bytes} bytes)\n`);
    if (await canResume(engine, containerId, agent.user, agent.command)) return true;
    log('system', 'the copy holds no conversation of /workspace: the agent starts fresh\n');
    return false;
  } catch (e) {
    log(
      'system',
      `the conversation could not be copied: ${(e as Error).message}; the agent starts fresh\n`,
    );
    return false;
  }
}
