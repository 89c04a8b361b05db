/**
 * What the commands act on: the app's containers, found by label on the engine (so containers
 * of sessions started by any process show up), joined with the session records of the store.
 * A row is a session, a labelled container, or both.
 */
import type { Api } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import type { SessionInfo } from '../../shared/schemas/session';
import { APP_LABEL_VALUE, LABELS } from '../../main/engine/labels';
import type { ContainerSummary, Engine } from '../../main/engine/types';
import type { CliContext } from './context';
import { clean } from './output';

export interface Target {
  /** Session id when there is a record (or the container carries a session label). */
  sessionId: string | null;
  session: SessionInfo | null;
  containerId: string | null;
  name: string;
  branch: string;
  folder: string;
  /** running | stopped | created | gone | starting | failed | … */
  status: string;
  running: boolean;
  created: Date | null;
  /** A record of another engine than the one found now: its container could not be looked at. */
  foreign: boolean;
}

export interface Targets {
  targets: Target[];
  engine: Engine | null;
  /** Why the engine could not be asked (targets then come from the records only). */
  engineProblem: AppError | null;
}

function liveStatus(c: ContainerSummary): string {
  if (c.status === 'running') return 'running';
  if (c.status === 'exited' || c.status === 'dead') return 'stopped';
  return c.status;
}

/**
 * CCR_SCOPE_LABEL=key=value narrows the CLI to the app's containers that also carry that
 * label (several users or test runs sharing one engine).
 */
export function scopeLabels(env: NodeJS.ProcessEnv): Record<string, string> {
  const raw = env.CCR_SCOPE_LABEL?.trim();
  if (!raw) return {};
  const eq = raw.indexOf('=');
  const key = eq < 0 ? raw : raw.slice(0, eq);
  if (!/^[A-Za-z0-9][A-Za-z0-9._/-]{0,127}$/.test(key)) {
    throw new AppError(
      'bad-environment',
      'CCR_SCOPE_LABEL is not a label',
      'set it to key=value (or just key), e.g. CCR_SCOPE_LABEL=team=blue',
    );
  }
  return { [key]: eq < 0 ? '' : raw.slice(eq + 1) };
}

export async function findTargets(ctx: CliContext): Promise<Targets> {
  const scope = scopeLabels(ctx.io.env);
  const api: Api = await ctx.getApi();
  const [list, found] = await Promise.all([
    api.listSessions({}),
    ctx
      .getEngine()
      .then(async (engine) => ({
        engine,
        containers: (
          await engine.listContainers({ ...scope, [LABELS.app]: APP_LABEL_VALUE }, { all: true })
        ).filter((c) => hasLabels(c, { ...scope, [LABELS.app]: APP_LABEL_VALUE })),
        problem: null,
      }))
      .catch((e: unknown) => ({
        engine: null,
        containers: [] as ContainerSummary[],
        problem: e instanceof AppError ? e : new AppError('engine-error', String(e)),
      })),
  ]);
  const byContainer = new Map(found.containers.map((c) => [c.id, c]));
  const targets: Target[] = [];
  const seen = new Set<string>();
  const here = found.engine?.info.address;
  const scoped = Object.keys(scope).length > 0;
  for (const s of list.sessions) {
    // A start in flight has a container before its record names it: the label says whose it is.
    const c =
      (s.containerId ? byContainer.get(s.containerId) : undefined) ??
      found.containers.find((x) => x.labels[LABELS.session] === s.id);
    if (scoped && !c) continue; // outside the scope, or unknown: not ours to judge
    if (c) seen.add(c.id);
    // A record of this engine whose container is not there any more is gone, whatever it says.
    const vanished = !c && s.containerId !== null && here === s.engine.address;
    targets.push({
      sessionId: s.id,
      session: s,
      containerId: s.containerId ?? c?.id ?? null,
      name: s.containerName || s.name,
      branch: s.branch,
      folder: s.folder,
      // A failed start keeps its container for inspection: the record says what happened.
      // A start in flight (in any process) is 'starting' whatever its container is doing.
      status: c
        ? s.status === 'failed' || s.status === 'starting'
          ? s.status
          : liveStatus(c)
        : vanished
          ? 'gone'
          : s.status,
      running: c ? c.status === 'running' : false,
      created: new Date(s.createdAt),
      foreign: here !== s.engine.address,
    });
  }
  for (const c of found.containers) {
    if (seen.has(c.id)) continue;
    targets.push({
      sessionId: c.labels[LABELS.session] ?? null,
      session: null,
      containerId: c.id,
      name: c.name,
      branch: c.labels[LABELS.branch] ?? '',
      folder: c.labels[LABELS.repo] ?? '',
      status: liveStatus(c),
      running: c.status === 'running',
      created: new Date(c.created * 1000),
      foreign: false,
    });
  }
  targets.sort((a, b) => (a.created?.getTime() ?? 0) - (b.created?.getTime() ?? 0));
  return { targets, engine: found.engine, engineProblem: found.problem };
}

/**
 * The engine filters by label already; checked again here because stopping or removing a
 * container that is not the app's would be real harm (and engines' filter semantics vary).
 */
function hasLabels(c: ContainerSummary, want: Record<string, string>): boolean {
  return Object.entries(want).every(([k, v]) =>
    v === '' ? Object.hasOwn(c.labels, k) : c.labels[k] === v,
  );
}

/** The short id a user types: 12 characters of the container id, or the session id. */
export function shortId(t: Target): string {
  return t.containerId ? t.containerId.slice(0, 12) : (t.sessionId ?? '-');
}

/**
 * The targets a user's argument names: a container id or a prefix of one, a session id, a
 * container name or a session name. More than one match is an error that lists them.
 */
export function matchTarget(targets: Target[], arg: string): Target {
  const exact = targets.filter(
    (t) =>
      t.containerId === arg ||
      t.sessionId === arg ||
      t.name === arg ||
      t.session?.name === arg ||
      t.branch === arg,
  );
  const matches =
    exact.length > 0
      ? exact
      : targets.filter(
          (t) =>
            (t.containerId?.startsWith(arg) ?? false) || (t.sessionId?.startsWith(arg) ?? false),
        );
  if (matches.length === 1) return matches[0]!;
  if (matches.length === 0) {
    throw new AppError(
      'container-not-found',
      `no Claude Code Runner container or session matches "${clean(arg).slice(0, 80)}"`,
      'run `claude-run list --all` to see the ids',
    );
  }
  throw new AppError(
    'ambiguous-id',
    `"${clean(arg).slice(0, 80)}" matches ${matches.length} containers: ${matches.map(shortId).join(', ')}`,
    'give more characters of the id',
  );
}
