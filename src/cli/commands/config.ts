/**
 * `claude-run config`: the effective config for the current folder (secrets redacted by the
 * core), the files it came from, the engine the app would use, and which credentials were
 * found and which would be forwarded (names and reasons only, never a value).
 */
import type { Api } from '../../shared/contract';
import type { CliContext } from './context';
import type { CredentialEntry } from '../../shared/schemas/credentials';
import type { UntrustedConfig } from '../../shared/schemas/config';
import { printJson } from './ask';
import { clean } from './output';
import { TRUST_FLAG, formatUntrusted } from './project-trust';

export async function configCommand(
  ctx: CliContext,
  opts: { json?: boolean } = {},
): Promise<number> {
  const api = await ctx.getApi();
  const projectDir = ctx.io.cwd;
  const p = ctx.out;
  const [config, engine] = await Promise.all([
    api.readConfig({ projectDir }),
    api.getEngineStatus({}),
  ]);
  if (opts.json) {
    const credentials =
      typeof (api as Partial<Api>).getCredentialsReport === 'function'
        ? await api.getCredentialsReport({ projectDir }).catch(() => null)
        : null;
    printJson(ctx, { projectDir, config, engine, credentials });
    return config.ok ? 0 : 1;
  }
  let code = 0;

  ctx.print(`${p.bold('Configuration')} for ${clean(projectDir)}\n`);
  if (config.ok) {
    ctx.print('Sources (lowest precedence first):\n');
    if (config.sources.length === 0) ctx.print('  (no config file: defaults only)\n');
    for (const s of config.sources) {
      const held =
        config.untrusted?.file === s ? p.yellow(' (not trusted: some settings ignored)') : '';
      ctx.print(`  ${clean(s)}${held}\n`);
    }
    ctx.print(`Effective config (secrets shown as ••••):\n`);
    ctx.print(indent(JSON.stringify(config.config, null, 2)));
    if (config.untrusted) printUntrusted(ctx, config.untrusted);
  } else {
    code = 1;
    ctx.print(`${p.red('The config has problems:')}\n`);
    for (const i of config.issues) {
      const where = [clean(i.file), i.line, i.column].filter((x) => x !== undefined).join(':');
      ctx.print(`  ${where}${i.path ? ` ${clean(i.path)}` : ''}: ${clean(i.message)}\n`);
    }
  }

  ctx.print(`\n${p.bold('Engine')}\n`);
  if (engine.reachable) {
    ctx.print(
      `  ${engine.kind} ${engine.version} (API ${engine.apiVersion}) at ${clean(engine.address)}\n` +
        `  found through ${clean(engine.source)}; ${engine.os}/${engine.arch}${engine.rootless ? ', rootless' : ''}\n`,
    );
  } else {
    ctx.print(`  ${p.red('not reachable:')} ${clean(engine.message)}\n  hint: ${engine.hint}\n`);
  }

  ctx.print(`\n${p.bold('Credentials')}\n`);
  await printCredentials(ctx, api, projectDir);
  return code;
}

/** The project file's settings the effective config leaves out until the file is trusted. */
function printUntrusted(ctx: CliContext, u: UntrustedConfig): void {
  const p = ctx.out;
  ctx.print(
    `\n${p.yellow(`Ignored until you trust ${clean(u.file)}`)} (it comes with the repository and these settings reach outside the sandbox):\n`,
  );
  ctx.print(formatUntrusted(u, p));
  ctx.print(
    `  To apply them: \`claude-run start ${TRUST_FLAG}\` trusts this file as it is now (\`claude-run start\` on a terminal asks).\n`,
  );
}

async function printCredentials(ctx: CliContext, api: Api, projectDir: string): Promise<void> {
  if (typeof (api as Partial<Api>).getCredentialsReport !== 'function') {
    ctx.print('  (this build has no credentials report)\n');
    return;
  }
  let report: Awaited<ReturnType<Api['getCredentialsReport']>>;
  try {
    report = await api.getCredentialsReport({ projectDir });
  } catch (e) {
    ctx.print(`  could not check credentials: ${clean((e as Error).message)}\n`);
    return;
  }
  const p = ctx.out;
  ctx.print(
    `  Claude model access: ${report.provider}; ${
      report.claudeAuthForwarded
        ? p.green('a login will be forwarded')
        : p.yellow('no login will be forwarded')
    }\n`,
  );
  const groups: [string, CredentialEntry[]][] = [
    ['forwarded', report.entries.filter((e) => e.forwarded)],
    ['found, not forwarded', report.entries.filter((e) => e.found && !e.forwarded)],
  ];
  for (const [title, entries] of groups) {
    if (entries.length === 0) continue;
    ctx.print(`  ${title}:\n`);
    for (const e of entries) {
      ctx.print(
        `    ${clean(e.label)}\n      ${p.dim(`${clean(e.source)}: ${clean(e.reason)}`)}\n`,
      );
    }
  }
  const missing = report.entries.filter((e) => !e.found);
  if (missing.length > 0) {
    ctx.print(`  not found:\n`);
    for (const e of missing) ctx.print(`    ${clean(e.label)} ${p.dim(`(${clean(e.source)})`)}\n`);
  }
  for (const n of report.notes) ctx.print(`  note: ${clean(n)}\n`);
}

function indent(text: string): string {
  return text
    .split('\n')
    .filter((l, i, all) => l !== '' || i < all.length - 1)
    .map((l) => `  ${l}\n`)
    .join('');
}
