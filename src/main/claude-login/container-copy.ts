/**
 * A session's copy of the login, read and written through the kit's claude-login script (an
 * exec with a Cmd array, as the container user). Its output is untrusted: framed strictly,
 * bounded, and nothing of it is ever put in a message.
 */
import type { Engine } from '../engine/types';
import { claudeLogin } from '../kit/claude-login';
import { MAX_CLAUDE_JSON_BYTES, MAX_LOGIN_BYTES } from './login-text';

export type FileRead =
  { state: 'ok'; text: string } | { state: 'missing' } | { state: 'bad'; why: string };

export interface ContainerLogin {
  cred: FileRead;
  /** The container's ~/.claude.json (for its account); null when missing or unusable. */
  claudeJson: string | null;
}

export interface ContainerRef {
  engine: Engine;
  containerId: string;
  /** The exec user ('' = the image's). */
  user: string;
}

function nextLine(buf: Buffer, at: number): { line: string; next: number } | null {
  const nl = buf.indexOf(10, at);
  if (nl < 0 || nl - at > 64) return null;
  return { line: buf.subarray(at, nl).toString('latin1'), next: nl + 1 };
}

/** Parses `claude-login read` output; throws on anything out of shape. */
export function parseReadOutput(out: Buffer): ContainerLogin {
  const first = nextLine(out, 0);
  if (!first) throw new Error('the login reader printed nothing usable');
  let cred: FileRead;
  let at = first.next;
  const m = /^file (\d{1,6})$/.exec(first.line);
  if (m) {
    const n = Number(m[1]);
    if (at + n > out.length) throw new Error('the login reader stopped early');
    cred =
      n > MAX_LOGIN_BYTES
        ? { state: 'bad', why: `larger than ${MAX_LOGIN_BYTES / 1024} KiB` }
        : { state: 'ok', text: out.subarray(at, at + n).toString('utf8') };
    at += n;
  } else if (first.line === 'missing') cred = { state: 'missing' };
  else if (first.line === 'not-a-file') cred = { state: 'bad', why: 'not a regular file' };
  else throw new Error('the login reader printed nothing usable');
  const second = nextLine(out, at);
  let claudeJson: string | null = null;
  if (second?.line === 'file') {
    const rest = out.subarray(second.next);
    if (rest.length <= MAX_CLAUDE_JSON_BYTES) claudeJson = rest.toString('utf8');
  } else if (second?.line !== 'missing') throw new Error('the login reader stopped early');
  return { cred, claudeJson };
}

export async function readContainerLogin(c: ContainerRef): Promise<ContainerLogin> {
  const r = await c.engine.exec(c.containerId, {
    cmd: [claudeLogin.path, 'read'],
    ...(c.user ? { user: c.user } : {}),
  });
  if (r.exitCode !== 0) throw new Error(`the login reader failed (exit ${r.exitCode})`);
  return parseReadOutput(r.stdout);
}

export type PutResult = 'ok' | 'changed';

/**
 * Replaces the session's file with `next` while it still holds `expected` (what was read):
 * a copy the session refreshed meanwhile is never overwritten.
 */
export async function putContainerLogin(
  c: ContainerRef,
  expected: string,
  next: string,
): Promise<PutResult> {
  const exp = Buffer.from(expected, 'utf8');
  const r = await c.engine.exec(c.containerId, {
    cmd: [claudeLogin.path, 'put', String(exp.length)],
    ...(c.user ? { user: c.user } : {}),
    stdin: Buffer.concat([exp, Buffer.from(next, 'utf8')]),
  });
  if (r.exitCode === 4) return 'changed';
  if (r.exitCode !== 0 || !r.stdout.toString('latin1').startsWith('ok')) {
    throw new Error(`the login could not be written into the session (exit ${r.exitCode})`);
  }
  return 'ok';
}
