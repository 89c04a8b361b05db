/**
 * Reading Claude Code's transcripts (`~/.claude/projects/`) out of a session's container through
 * the engine's archive API (works on a stopped container too). The archive comes from inside
 * the sandbox, so it is untrusted: only plain files and folders with plain relative names pass;
 * absolute names, "..", control characters, links and device nodes are refused (named in the
 * result, never written), and the whole read is bounded.
 */
import type { Readable } from 'node:stream';
import { extract, type Header } from 'tar-stream';
import { AppError, isAppError } from '../../shared/errors';
import type { Engine } from '../engine/types';
import { statusCodeOf } from '../engine/errors';
import { isClaude } from './agent-spec';
import { identifyUser, identityFromImage, type ContainerIdentity } from './workspace';

/** Where Claude Code keeps a user's transcripts, under the home folder. */
export const CONVERSATION_DIR = '.claude/projects';
export const MAX_CONVERSATION_BYTES = 4 * 1024 ** 3;
export const MAX_CONVERSATION_ENTRIES = 200_000;
export const MAX_NAMED_REFUSALS = 20;

export interface ConversationEntry {
  /** Path below projects/ ("" is projects/ itself), '/'-separated, checked. */
  rel: string;
  type: 'file' | 'directory';
  size: number;
  mtime?: Date | undefined;
}

export type EntryCheck = { rel: string } | { refused: string };

// Control characters and backslashes (a separator on Windows hosts) are never in a transcript name.
// eslint-disable-next-line no-control-regex
const BAD_CHARS = /[\u0000-\u001f\u007f\\]/;
const WINDOWS_BAD = /[<>:"|?*]/;

/**
 * The relative path of an archive entry below `projects/`, or why it is refused. The engine
 * names entries after the folder asked for ("projects/…").
 */
export function checkEntryName(
  name: string,
  platform: NodeJS.Platform = process.platform,
): EntryCheck {
  const shown = JSON.stringify(name.slice(0, 200));
  if (name.startsWith('/')) return { refused: `${shown}: an absolute name` };
  if (BAD_CHARS.test(name)) return { refused: `${shown}: a control character or backslash` };
  const parts = name.replace(/\/+$/, '').split('/');
  if (parts.some((p) => p === '' || p === '.' || p === '..'))
    return { refused: `${shown}: an empty, "." or ".." part` };
  if (parts[0] !== 'projects') return { refused: `${shown}: outside projects/` };
  const rest = parts.slice(1);
  if (platform === 'win32' && rest.some((p) => WINDOWS_BAD.test(p)))
    return { refused: `${shown}: a character Windows does not allow in names` };
  return { rel: rest.join('/') };
}

/** The container user's home (from /etc/passwd without starting it; else asked inside). */
export async function containerHome(
  engine: Engine,
  containerId: string,
  user: string,
): Promise<ContainerIdentity> {
  const fromImage = await identityFromImage(engine, containerId, user);
  if (fromImage) return fromImage;
  return identifyUser(engine, containerId, user);
}

/**
 * Calls `visit` for each accepted entry in archive order (a file's body must be consumed by
 * the visitor). Returns found: false when the container has no transcripts folder.
 */
export async function walkConversation(
  engine: Engine,
  containerId: string,
  home: string,
  visit: (entry: ConversationEntry, body: Readable) => Promise<void>,
  platform: NodeJS.Platform = process.platform,
): Promise<{ found: boolean; refused: string[] }> {
  const path = `${home.replace(/\/+$/, '')}/${CONVERSATION_DIR}`;
  let tar: Readable;
  try {
    tar = await engine.getArchive(containerId, path);
  } catch (e) {
    const cause = isAppError(e) ? (e as { cause?: unknown }).cause : e;
    if (statusCodeOf(cause) === 404 && !(isAppError(e) && e.code === 'container-not-found'))
      return { found: false, refused: [] };
    throw e;
  }
  // A hostile archive may hold any number of refusals: the first ones are named, then counted.
  const refused: string[] = [];
  let moreRefused = 0;
  const refuse = (why: string) => {
    if (refused.length < MAX_NAMED_REFUSALS) refused.push(why);
    else moreRefused++;
  };
  let bytes = 0;
  let entries = 0;
  const ex = extract();
  ex.on('entry', (h: Header, stream, next) => {
    const body = stream as unknown as Readable;
    const done = (err?: unknown) => (err ? ex.destroy(err as Error) : next());
    if (++entries > MAX_CONVERSATION_ENTRIES) {
      done(tooLarge(`more than ${MAX_CONVERSATION_ENTRIES} entries`));
      return;
    }
    const checked = checkEntryName(h.name, platform);
    const type = h.type === 'file' || h.type === 'directory' ? h.type : null;
    if ('rel' in checked && checked.rel === '' && type !== 'directory') {
      refuse('projects: not a folder');
      body.on('end', () => done());
      body.resume();
      return;
    }
    if ('refused' in checked || type === null) {
      refuse(
        'refused' in checked
          ? checked.refused
          : `${JSON.stringify(h.name.slice(0, 200))}: a ${h.type ?? 'special'} entry (only files and folders are copied)`,
      );
      body.on('end', () => done());
      body.resume();
      return;
    }
    bytes += h.size ?? 0;
    if (bytes > MAX_CONVERSATION_BYTES) {
      done(tooLarge(`more than ${MAX_CONVERSATION_BYTES} bytes`));
      return;
    }
    visit({ rel: checked.rel, type, size: h.size ?? 0, mtime: h.mtime }, body).then(
      () => done(),
      done,
    );
  });
  await new Promise<void>((resolve, reject) => {
    ex.on('finish', () => resolve());
    ex.on('error', reject);
    tar.on('error', reject);
    tar.pipe(ex as unknown as NodeJS.WritableStream);
  });
  if (moreRefused > 0) refused.push(`… and ${moreRefused} more entries refused`);
  return { found: true, refused };
}

function tooLarge(what: string): AppError {
  return new AppError(
    'conversation-too-large',
    `the session's transcripts folder holds ${what}`,
    'copy what you need from the container by hand (claude-run terminal)',
  );
}

/**
 * A constant script (nothing interpolated): is there a transcript of /workspace (Claude Code
 * names its folder after the cwd, "/" → "-") where Claude Code keeps them?
 */
const HAS_WORKSPACE_TRANSCRIPT =
  'for f in "${CLAUDE_CONFIG_DIR:-$HOME/.claude}"/projects/-workspace/*.jsonl; do [ -f "$f" ] && exit 0; done; exit 1';

/**
 * Whether the agent can be started with its resume args: `claude --continue` refuses to start
 * when there is no conversation of the folder ("No conversation found"), so for Claude Code
 * that is checked in the (running) container; other agents get their configured args as is.
 */
export async function canResume(
  engine: Engine,
  containerId: string,
  user: string,
  command: readonly string[],
): Promise<boolean> {
  if (!isClaude(command)) return true;
  const r = await engine.exec(containerId, {
    cmd: ['sh', '-c', HAS_WORKSPACE_TRANSCRIPT],
    user: user || undefined,
    workdir: '/workspace',
  });
  return r.exitCode === 0;
}
