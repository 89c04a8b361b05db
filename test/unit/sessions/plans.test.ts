import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { agentSpec } from '../../../src/main/sessions/agent-spec';
import {
  containerName,
  planContainer,
  ROOT_CAPABILITIES,
  type ContainerConfig,
} from '../../../src/main/sessions/container-plan';
import { reconcileRecord } from '../../../src/main/sessions/reconcile';
import { LABELS } from '../../../src/main/engine/labels';
import type { ContainerSummary } from '../../../src/main/engine/types';
import { record } from './records';

const dir = mkdtempSync(join(tmpdir(), 'ccr-plan-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const base: ContainerConfig = {
  containerPrefix: 'claude-code-runner',
  environment: { FROM_CONFIG: '1', SHARED: 'config' },
  envFileVars: { FROM_ENVFILE: '1', SHARED: 'envfile' },
  mounts: [],
  resources: { memoryBytes: 4 * 1024 ** 3, cpus: 2, pidsLimit: 1024 },
  network: 'default',
  allowEngineSocketMount: false,
};
const input = {
  config: base,
  sessionId: 'abc123',
  sessionName: 'claude-2026-11-26-101010',
  repo: '/home/u/repo',
  branch: 'claude/2026-11-26-101010',
  image: 'img:1',
  imageUser: 'claude',
  engineAddress: 'unix:///var/run/docker.sock',
};

describe('container plan', () => {
  it('hardens a non-root image with no capability at all', () => {
    const { spec, user, rootOnly } = planContainer(input);
    expect(user).toBe('claude');
    expect(rootOnly).toBe(false);
    expect(spec.security).toEqual({ capDrop: ['ALL'], capAdd: [], noNewPrivileges: true });
    expect(spec.resources).toEqual({ memoryBytes: 4 * 1024 ** 3, cpus: 2, pidsLimit: 1024 });
    expect(spec.init).toBe(true);
    expect(spec.labels).toMatchObject({
      [LABELS.session]: 'abc123',
      [LABELS.repo]: '/home/u/repo',
      [LABELS.branch]: 'claude/2026-11-26-101010',
    });
    expect(spec.name).toBe('claude-code-runner-claude-2026-11-26-101010');
    expect(spec.env).toEqual({ FROM_CONFIG: '1', FROM_ENVFILE: '1', SHARED: 'config' });
    expect(spec.env.IS_SANDBOX).toBeUndefined();
  });

  it('gives a root-only image the minimal root set and IS_SANDBOX=1; containerUser overrides the image', () => {
    const root = planContainer({ ...input, imageUser: null });
    expect(root.rootOnly).toBe(true);
    expect(root.spec.security?.capAdd).toEqual(ROOT_CAPABILITIES);
    expect(root.spec.env.IS_SANDBOX).toBe('1');
    expect(ROOT_CAPABILITIES).not.toContain('SYS_ADMIN');
    const override = planContainer({
      ...input,
      imageUser: null,
      config: { ...base, containerUser: '1000:1000' },
    });
    expect(override).toMatchObject({ user: '1000:1000', rootOnly: false });
  });

  it('lets credentials env win over config env', () => {
    const { spec } = planContainer({ ...input, extraEnv: { SHARED: 'credentials' } });
    expect(spec.env.SHARED).toBe('credentials');
  });

  it('sanitises container names', () => {
    expect(containerName('my prefix!', 'claude/feat x')).toBe('my-prefix-claude-feat-x');
    expect(containerName('--', '..x')).toBe('x');
  });

  it('validates mounts: source must exist, targets absolute and not reserved', () => {
    const ok = join(dir, 'data');
    writeFileSync(ok, 'x');
    const plan = planContainer({
      ...input,
      config: { ...base, mounts: [{ source: ok, target: '/mnt/data', readonly: true }] },
    });
    expect(plan.spec.mounts).toEqual([{ source: ok, target: '/mnt/data', readonly: true }]);
    const bad = (mounts: ContainerConfig['mounts']) => () =>
      planContainer({ ...input, config: { ...base, mounts } });
    expect(bad([{ source: join(dir, 'missing'), target: '/mnt/x', readonly: false }])).toThrow(
      /does not exist/,
    );
    expect(bad([{ source: ok, target: 'relative', readonly: false }])).toThrow(/absolute/);
    expect(bad([{ source: ok, target: '/workspace', readonly: false }])).toThrow(/reserved/);
    expect(bad([{ source: ok, target: '/mnt/../etc', readonly: false }])).toThrow(/absolute/);
  });

  it("refuses the engine's own socket unless allowEngineSocketMount", () => {
    const sock = join(dir, 'docker.sock');
    writeFileSync(sock, '');
    const cfg = {
      ...base,
      mounts: [{ source: sock, target: '/var/run/docker.sock', readonly: false }],
    };
    expect(() => planContainer({ ...input, config: cfg, engineAddress: `unix://${sock}` })).toThrow(
      expect.objectContaining({ code: 'engine-socket-mount-refused' }),
    );
    expect(
      planContainer({
        ...input,
        config: { ...cfg, allowEngineSocketMount: true },
        engineAddress: `unix://${sock}`,
      }).spec.mounts,
    ).toHaveLength(1);
  });
});

describe('agent spec', () => {
  const cfg = {
    agent: { command: ['claude', '--dangerously-skip-permissions'] },
    allowedTools: ['*'],
    autoStartClaude: true,
  };
  it('wraps the agent in agent-run; ["*"] means no --allowedTools', () => {
    expect(agentSpec(cfg, { user: 'claude', rootOnly: false })).toEqual({
      cmd: ['/opt/ccr/bin/agent-run', 'claude', '--dangerously-skip-permissions'],
      user: 'claude',
      workdir: '/workspace',
      env: {},
    });
  });

  it('applies allowedTools, thinking tokens, bash timeouts and the prompt as Claude Code reads them', () => {
    const spec = agentSpec(
      {
        ...cfg,
        allowedTools: ['Read', 'Bash(git log:*)'],
        maxThinkingTokens: 5000,
        bashTimeout: 600000,
      },
      { user: 'claude', rootOnly: false, prompt: '-fix the tests' },
    );
    expect(spec.cmd).toEqual([
      '/opt/ccr/bin/agent-run',
      'claude',
      '--dangerously-skip-permissions',
      '--allowedTools',
      'Read,Bash(git log:*)',
      '--',
      '-fix the tests',
    ]);
    expect(spec.env).toEqual({
      MAX_THINKING_TOKENS: '5000',
      BASH_DEFAULT_TIMEOUT_MS: '600000',
      BASH_MAX_TIMEOUT_MS: '600000',
    });
  });

  it('passes other agents their prompt as the plain last argument, sets IS_SANDBOX for root', () => {
    const spec = agentSpec(
      { ...cfg, agent: { command: ['codex'], prompt: 'from config' }, allowedTools: ['Read'] },
      { user: '', rootOnly: true },
    );
    expect(spec.cmd).toEqual(['/opt/ccr/bin/agent-run', 'codex', 'from config']);
    expect(spec.env.IS_SANDBOX).toBe('1');
  });

  it('opens just a shell with autoStartClaude false', () => {
    expect(
      agentSpec({ ...cfg, autoStartClaude: false }, { user: 'u', rootOnly: false }).cmd,
    ).toEqual(['/opt/ccr/bin/agent-run']);
  });
});

describe('reconcile', () => {
  const now = '2026-11-27T00:00:00.000Z';
  const container = (over: Partial<ContainerSummary>): ContainerSummary => ({
    id: 'c'.repeat(64),
    name: 'x',
    image: 'img',
    status: 'running',
    labels: {},
    created: 0,
    ...over,
  });
  it('adopts running, marks stopped restartable and vanished gone', () => {
    const r = record('s1', { status: 'stopped' });
    expect(reconcileRecord(r, { reachable: true, containers: [container({})] }, now).status).toBe(
      'running',
    );
    expect(
      reconcileRecord(
        record('s1'),
        { reachable: true, containers: [container({ status: 'exited' })] },
        now,
      ).status,
    ).toBe('stopped');
    expect(reconcileRecord(record('s1'), { reachable: true, containers: [] }, now)).toMatchObject({
      status: 'gone',
      error: { code: 'container-gone' },
    });
  });
  it('finds a container by session label when the id is unknown', () => {
    const r = record('s1', { containerId: null });
    const found = reconcileRecord(
      r,
      {
        reachable: true,
        containers: [container({ id: 'd'.repeat(64), labels: { [LABELS.session]: 's1' } })],
      },
      now,
    );
    expect(found).toMatchObject({ status: 'running', containerId: 'd'.repeat(64) });
  });
  it('never drops or "gones" a record when the engine is unreachable', () => {
    const r = reconcileRecord(record('s1'), { reachable: false, message: 'no answer' }, now);
    expect(r).toMatchObject({ id: 's1', status: 'unknown', error: { code: 'engine-unreachable' } });
  });
  it('keeps a failed session failed, with its error, through an engine outage and back', () => {
    const error = { code: 'setup-command-failed', message: 'npm ci exited 1' };
    const failed = record('s1', { status: 'failed', error });
    const during = reconcileRecord(failed, { reachable: false, message: 'restarting' }, now);
    const after = reconcileRecord(
      during,
      { reachable: true, containers: [container({ status: 'exited' })] },
      now,
    );
    expect(after).toMatchObject({ status: 'failed', error });
  });
  it('marks an interrupted start failed, and leaves an unchanged record as the same object', () => {
    expect(
      reconcileRecord(
        record('s1', { status: 'starting' }),
        { reachable: true, containers: [container({})] },
        now,
      ).status,
    ).toBe('failed');
    const same = record('s1');
    expect(reconcileRecord(same, { reachable: true, containers: [container({})] }, now)).toBe(same);
  });
});
