/**
 * Docker credential helpers (`docker-credential-<name> get`, the server address on stdin, a
 * JSON answer on stdout), run the way the docker CLI runs them. The secret travels only on
 * the helper's stdout; nothing of its output reaches a message.
 */
import { execFile } from 'node:child_process';
import { access, constants, stat } from 'node:fs/promises';
import { delimiter, isAbsolute, join } from 'node:path';
import { z } from 'zod';
import { HELPER_NAME, type StoredSecret } from './registry-auth-files';

const HELPER_TIMEOUT_MS = 15_000;
/** A helper's answer is a few hundred bytes; anything much larger is not one. */
const MAX_OUTPUT_BYTES = 64 * 1024;

const Answer = z.looseObject({
  Username: z.string(),
  Secret: z.string(),
});

export interface HelperResult {
  secret: StoredSecret | null;
  /** Why there is no secret (for logs and hints), without any helper output. */
  note?: string;
}

/** The helper's absolute path from env.PATH (searched here, so the host env decides). */
export async function findHelper(
  name: string,
  env: Record<string, string | undefined>,
  platform: NodeJS.Platform = process.platform,
): Promise<string | null> {
  if (!HELPER_NAME.test(name)) return null;
  const file = `docker-credential-${name}`;
  const names = platform === 'win32' ? [`${file}.exe`, `${file}.cmd`, file] : [file];
  const path = env.PATH ?? env.Path ?? '';
  for (const dir of path.split(delimiter)) {
    if (!dir || !isAbsolute(dir)) continue; // relative PATH entries depend on the cwd
    for (const n of names) {
      const candidate = join(dir, n);
      try {
        if (!(await stat(candidate)).isFile()) continue;
        await access(candidate, constants.X_OK);
        return candidate;
      } catch {
        // not here
      }
    }
  }
  return null;
}

/** Asks helper `name` for the credentials of `serverAddress`. Never throws. */
export async function runCredentialHelper(
  name: string,
  serverAddress: string,
  env: Record<string, string | undefined>,
  opts: { timeoutMs?: number; platform?: NodeJS.Platform } = {},
): Promise<HelperResult> {
  const program = `docker-credential-${name}`;
  const path = await findHelper(name, env, opts.platform);
  if (!path) return { secret: null, note: `${program} is not on PATH` };
  const timeoutMs = opts.timeoutMs ?? HELPER_TIMEOUT_MS;
  const out = await new Promise<{ stdout: string; code: number | null; why?: string }>(
    (resolve) => {
      const child = execFile(
        path,
        ['get'],
        {
          env: env as NodeJS.ProcessEnv,
          timeout: timeoutMs,
          maxBuffer: MAX_OUTPUT_BYTES,
          windowsHide: true,
          encoding: 'utf8',
        },
        (err, stdout) => {
          if (!err) return resolve({ stdout, code: 0 });
          const e = err as NodeJS.ErrnoException & { code?: unknown; killed?: boolean };
          if (e.code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER')
            return resolve({ stdout: '', code: null, why: 'answered with too much output' });
          if (e.killed)
            return resolve({ stdout: '', code: null, why: `took over ${timeoutMs} ms` });
          if (typeof e.code === 'number') return resolve({ stdout, code: e.code });
          resolve({
            stdout: '',
            code: null,
            why: `could not be run (${String(e.code ?? 'error')})`,
          });
        },
      );
      // The helper may exit before reading stdin; that is its answer, not our failure.
      child.stdin?.on('error', () => undefined);
      child.stdin?.end(serverAddress);
    },
  );
  if (out.why) return { secret: null, note: `${program} ${out.why}` };
  if (out.code !== 0) {
    // "credentials not found in native keychain" is the protocol's "no entry".
    const notFound = /credentials not found/i.test(out.stdout);
    return {
      secret: null,
      note: notFound
        ? `${program} has no credentials for ${serverAddress}`
        : `${program} failed (exit code ${out.code})`,
    };
  }
  let json: unknown;
  try {
    json = JSON.parse(out.stdout);
  } catch {
    return { secret: null, note: `${program} answered with something other than JSON` };
  }
  const answer = Answer.safeParse(json);
  if (!answer.success)
    return { secret: null, note: `${program} answered without a string Username and Secret` };
  const { Username, Secret } = answer.data;
  if (Secret === '')
    return { secret: null, note: `${program} has no credentials for ${serverAddress}` };
  // "<token>" is the protocol's way of saying the secret is an identity token.
  if (Username === '<token>') return { secret: { identitytoken: Secret } };
  return { secret: { username: Username, password: Secret } };
}
