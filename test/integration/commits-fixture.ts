/**
 * A scripted "agent" for the commits suites: a real container (base image, network none) with
 * a user repo copied to /workspace, the kit's commit scripts installed, the session branch
 * checked out, running as uid 1000. Commits are made with git inside the container.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tar from 'tar-stream';
import { connectEngineAt } from '../../src/main/engine';
import type { Engine } from '../../src/main/engine/types';
import { commitBundle, commitWatch } from '../../src/main/kit/commit-watch';
import type { EventBus } from '../../src/main/events';
import type { EventName, EventPayload } from '../../src/shared/contract';
import type { SessionInfo } from '../../src/shared/schemas/session';
import { TEST_BASE_IMAGE, type TestEngine } from '../helpers/engines';

export const TEST_LABEL = 'dev.claude-code-runner.test';
export const AGENT_USER = '1000:1000';
const AGENT_ENV = {
  HOME: '/tmp',
  GIT_AUTHOR_NAME: 'Agent',
  GIT_AUTHOR_EMAIL: 'agent@example.invalid',
  GIT_COMMITTER_NAME: 'Agent',
  GIT_COMMITTER_EMAIL: 'agent@example.invalid',
};

export function hostGit(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, GIT_TERMINAL_PROMPT: '0' },
  }).trim();
}

/** A user repo with history and a dirty working tree (edited, staged, untracked). */
export function makeUserRepo(branch: string): { dir: string; base: string } {
  const dir = mkdtempSync(join(tmpdir(), 'ccr-user-repo-'));
  hostGit(dir, 'init', '-q', '-b', 'main');
  hostGit(dir, 'config', 'user.name', 'User');
  hostGit(dir, 'config', 'user.email', 'user@example.invalid');
  writeFileSync(join(dir, 'README.md'), 'hello\n');
  writeFileSync(join(dir, 'app.txt'), 'one\n');
  hostGit(dir, 'add', '.');
  hostGit(dir, 'commit', '-q', '-m', 'initial');
  writeFileSync(join(dir, 'app.txt'), 'two\n');
  hostGit(dir, 'commit', '-q', '-am', 'second');
  const base = hostGit(dir, 'rev-parse', 'HEAD');
  hostGit(dir, 'branch', branch, base);
  // The user keeps working while the agent runs.
  writeFileSync(join(dir, 'app.txt'), 'user edit in progress\n');
  writeFileSync(join(dir, 'staged.txt'), 'staged\n');
  hostGit(dir, 'add', 'staged.txt');
  writeFileSync(join(dir, 'untracked.txt'), 'untracked\n');
  return { dir, base };
}

/** What the user would notice changing: HEAD, status, the index, every ref except the session branch. */
export function userView(dir: string, branch: string): Record<string, string> {
  const refs = hostGit(dir, 'for-each-ref', '--format=%(refname) %(objectname)')
    .split('\n')
    .filter(
      (l) => !l.startsWith(`refs/heads/${branch} `) && !l.startsWith('refs/claude-code-runner/'),
    )
    .join('\n');
  return {
    head: hostGit(dir, 'symbolic-ref', 'HEAD') + ' ' + hostGit(dir, 'rev-parse', 'HEAD'),
    status: hostGit(dir, 'status', '--porcelain=v1', '--untracked-files=all'),
    index: execFileSync('sha256sum', [join(dir, '.git', 'index')], { encoding: 'utf8' }).split(
      ' ',
    )[0]!,
    refs,
    config: hostGit(dir, 'config', '--local', '--list'),
  };
}

function tarOf(
  entries: { name: string; content?: string; mode: number; dir?: boolean }[],
): Promise<Buffer> {
  const pack = tar.pack();
  for (const e of entries) {
    if (e.dir) pack.entry({ name: e.name, type: 'directory', mode: e.mode, uid: 0, gid: 0 });
    else pack.entry({ name: e.name, mode: e.mode, uid: 0, gid: 0 }, e.content ?? '');
  }
  pack.finalize();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    pack.on('data', (c: unknown) => {
      chunks.push(c as Buffer);
    });
    pack.on('end', () => resolve(Buffer.concat(chunks)));
    pack.on('error', reject);
  });
}

export interface AgentBox {
  engine: Engine;
  containerId: string;
  session: SessionInfo;
  /** Runs a bash script as the agent in /workspace ($1… = args); throws on a non-zero exit. */
  agent(script: string, ...args: string[]): Promise<string>;
  remove(): Promise<void>;
}

export async function startAgentBox(
  te: TestEngine,
  opts: { sessionId: string; branch: string; repo: string; base: string },
): Promise<AgentBox> {
  const engine = await connectEngineAt(te.address);
  const containerId = await engine.createContainer({
    name: `ccr-commits-${opts.sessionId}`,
    image: TEST_BASE_IMAGE,
    labels: { [TEST_LABEL]: 'commits' },
    env: {},
    cmd: ['sleep', 'infinity'],
    network: 'none',
    init: true,
  });
  await engine.startContainer(containerId);
  const kit = await tarOf([
    { name: 'opt/ccr/bin', mode: 0o755, dir: true },
    { name: commitWatch.path.slice(1), content: commitWatch.content, mode: commitWatch.mode },
    { name: commitBundle.path.slice(1), content: commitBundle.content, mode: commitBundle.mode },
  ]);
  await engine.putArchive(containerId, '/', kit);
  // Copy the user's repo (history included) as the sessions domain does, owned by the agent.
  const repoTar = execFileSync(
    'tar',
    ['-C', opts.repo, '--owner=1000', '--group=1000', '-c', '.'],
    { maxBuffer: 1 << 30 },
  );
  const mk = await engine.exec(containerId, {
    cmd: ['install', '-d', '-o', '1000', '-g', '1000', '/workspace'],
  });
  if (mk.exitCode !== 0) throw new Error(mk.stderr.toString());
  await engine.putArchive(containerId, '/workspace', repoTar);
  const box: AgentBox = {
    engine,
    containerId,
    session: {
      schemaVersion: 1,
      id: opts.sessionId,
      name: opts.sessionId,
      folder: opts.repo,
      branch: opts.branch,
      baseCommit: opts.base,
      engine: { address: te.address, kind: te.name },
      containerId,
      containerName: `ccr-commits-${opts.sessionId}`,
      image: TEST_BASE_IMAGE,
      containerUser: AGENT_USER,
      status: 'running',
      createdAt: new Date().toISOString(),
      updatedAt: new Date().toISOString(),
    },
    async agent(script: string, ...args: string[]) {
      const r = await engine.exec(containerId, {
        cmd: ['bash', '-ec', script, 'agent', ...args],
        user: AGENT_USER,
        workdir: '/workspace',
        env: AGENT_ENV,
      });
      if (r.exitCode !== 0)
        throw new Error(`agent script failed (${r.exitCode}): ${r.stderr.toString()}`);
      return r.stdout.toString();
    },
    async remove() {
      await engine.removeContainer(containerId, { force: true }).catch(() => undefined);
    },
  };
  await box.agent('git reset -q --hard && git clean -fdq && git checkout -q "$1"', opts.branch);
  return box;
}

/** A subscription to one contract event on a bus, in the shape `waitFor` takes. */
export function onEvent<E extends EventName>(bus: EventBus, name: E) {
  return (cb: (p: EventPayload<E>) => void): (() => void) =>
    bus.subscribe((n, p) => {
      if ((n as string) === name) cb(p as unknown as EventPayload<E>);
    });
}

/** Resolves with the first event payload that matches, or rejects after timeoutMs. */
export function waitFor<T>(
  subscribe: (cb: (p: T) => void) => () => void,
  match: (p: T) => boolean,
  timeoutMs = 10_000,
): Promise<T> {
  return new Promise((resolve, reject) => {
    let off = () => {};
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no matching event within ${timeoutMs} ms`));
    }, timeoutMs);
    off = subscribe((p) => {
      if (match(p)) {
        clearTimeout(timer);
        off();
        resolve(p);
      }
    });
  });
}
