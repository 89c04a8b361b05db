/**
 * A repository's own claude-run.config.json may ask for settings that reach outside the sandbox
 * (mounts, environment, agent, setup commands…); the core applies them only once the user
 * trusts the file's exact content (src/main/config/trust.ts). `start` trusts it on
 * --trust-project-config, leaves those settings out on --ignore-project-config, asks on a
 * terminal, and otherwise refuses with the list and the two flags: never a silent choice.
 */
import { createInterface } from 'node:readline';
import type { Api } from '../../shared/contract';
import { AppError, hasCode } from '../../shared/errors';
import type { UntrustedConfig } from '../../shared/schemas/config';
import type { SessionInfo } from '../../shared/schemas/session';
import type { CliContext } from './context';
import { type Paint, clean, paint } from './output';

export interface ProjectConfigFlags {
  trustProjectConfig?: boolean;
  ignoreProjectConfig?: boolean;
}

type StartInput = Parameters<Api['startSession']>[0];
type Decision = NonNullable<StartInput['projectConfig']>;

export const TRUST_FLAG = '--trust-project-config';
export const IGNORE_FLAG = '--ignore-project-config';
export const FLAGS_HINT = `review the settings above, then run again with ${TRUST_FLAG} to trust this file as it is now, or with ${IGNORE_FLAG} to start without them`;

export function checkTrustFlags(opts: ProjectConfigFlags): void {
  if (opts.trustProjectConfig && opts.ignoreProjectConfig) {
    throw new AppError(
      'bad-arguments',
      `give either ${TRUST_FLAG} or ${IGNORE_FLAG}, not both`,
      `${TRUST_FLAG} applies every setting of the project's config file; ${IGNORE_FLAG} starts without the ones that reach outside the sandbox`,
    );
  }
}

/** Text from the repository's file, shown as it is there (see clean), tabs as two spaces. */
function shown(s: string): string {
  return clean(s.replace(/\t/g, '  '));
}

/** Each setting as key, why and its whole value (one line of the value per line shown). */
export function formatUntrusted(u: UntrustedConfig, p: Paint, indent = '  '): string {
  let out = '';
  for (const s of u.settings) {
    out += `${indent}${p.bold(shown(s.key))}: ${shown(s.why)}\n`;
    const lines = s.value.split(/\r?\n/);
    for (const line of lines) out += `${indent}    ${shown(line)}\n`;
  }
  return out;
}

function interactive(ctx: CliContext): boolean {
  return ctx.io.stdin.isTTY === true && ctx.io.stdout.isTTY === true;
}

async function readAnswer(ctx: CliContext): Promise<string | null> {
  const rl = createInterface({ input: ctx.io.stdin, output: ctx.io.stderr, terminal: false });
  try {
    const next = await rl[Symbol.asyncIterator]().next();
    return next.done ? null : String(next.value).trim();
  } finally {
    rl.close();
  }
}

/** The question on a terminal; anything but trust or ignore (an empty line, EOF) cancels. */
async function ask(ctx: CliContext, header: string, u: UntrustedConfig): Promise<Decision> {
  const p = ctx.err;
  ctx.note(`\n${p.yellow(shown(header))}\n${formatUntrusted(u, p)}\n`);
  ctx.note('Trust this file and start? [t]rust / [i]gnore these settings / [c]ancel ');
  const answer = (await readAnswer(ctx))?.toLowerCase() ?? null;
  if (answer === null) ctx.note('\n');
  if (answer === 't' || answer === 'trust') {
    ctx.note(`Trusting ${shown(u.file)} as shown (a change to it asks again).\n`);
    return { trust: u.sha256 };
  }
  if (answer === 'i' || answer === 'ignore') {
    ctx.note(`Starting without the settings listed above.\n`);
    return 'ignore';
  }
  throw new AppError(
    'cancelled',
    'nothing started',
    `run again and answer t or i, or use ${TRUST_FLAG} / ${IGNORE_FLAG}`,
  );
}

/** What the flags decide before the first try (the trusted settings are listed as they go). */
export async function decideFromFlags(
  ctx: CliContext,
  api: Api,
  input: StartInput,
  opts: ProjectConfigFlags,
): Promise<Decision | undefined> {
  if (!opts.ignoreProjectConfig && !opts.trustProjectConfig) return undefined;
  const flag = opts.ignoreProjectConfig ? IGNORE_FLAG : TRUST_FLAG;
  if (input.configPath !== undefined) {
    ctx.note(`${flag} has no effect with --config: a file named with --config always applies.\n`);
    return undefined;
  }
  const { untrusted } = await api.checkProjectConfig({ folder: input.folder });
  if (opts.ignoreProjectConfig) {
    if (untrusted) {
      const keys = untrusted.settings.map((s) => shown(s.key)).join(', ');
      ctx.note(
        `Starting without the settings of ${shown(untrusted.file)} that need trust: ${keys}.\n`,
      );
    }
    return 'ignore';
  }
  if (!untrusted) {
    ctx.note('The project config file asks for nothing that needs trust (or is trusted).\n');
    return undefined;
  }
  ctx.note(
    `Trusting ${shown(untrusted.file)} as it is now, with these settings:\n${formatUntrusted(untrusted, ctx.err)}`,
  );
  return { trust: untrusted.sha256 };
}

/**
 * startSession with the project file decided: by the flags, by the user's answer on a terminal,
 * or refused (config-untrusted, the settings and the flags listed) when nobody can answer.
 */
export async function startDecidingProjectConfig(
  ctx: CliContext,
  api: Api,
  input: StartInput,
  opts: ProjectConfigFlags,
): Promise<SessionInfo> {
  let decision = await decideFromFlags(ctx, api, input, opts);
  // Asked again only if the file changes between the question and the start; a few rounds.
  for (let round = 0; ; round++) {
    try {
      return await api.startSession({ ...input, ...(decision ? { projectConfig: decision } : {}) });
    } catch (e) {
      if (!hasCode(e, 'config-untrusted')) throw e;
      if (opts.trustProjectConfig || opts.ignoreProjectConfig || round >= 3) throw e;
      const { untrusted } = await api.checkProjectConfig({ folder: input.folder });
      if (!untrusted) {
        decision = undefined; // trusted meanwhile (another process): try as it is
        continue;
      }
      if (!interactive(ctx)) {
        throw new AppError(
          'config-untrusted',
          `${shown(e.message)}\n${formatUntrusted(untrusted, paint(false))}`.trimEnd(),
          FLAGS_HINT,
        );
      }
      decision = await ask(ctx, e.message, untrusted);
    }
  }
}
