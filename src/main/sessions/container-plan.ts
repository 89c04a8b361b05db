/**
 * The session container's spec, decided from the config and the image: name, labels, env,
 * validated mounts, resources and the hardening defaults. Pure, so every rule is unit-tested.
 *
 * Hardening: all capabilities dropped, no-new-privileges, a pids limit, an init process, and a
 * non-root user. A non-root agent needs no capability at all. A root-only image (no USER and no
 * containerUser) gets back the few capabilities root needs to work on files it does not own and
 * to drop to other users (package installs): CHOWN, DAC_OVERRIDE, FOWNER, FSETID, SETUID, SETGID,
 * KILL. Never NET_ADMIN, SYS_ADMIN, SYS_PTRACE or the like.
 */
import { existsSync, realpathSync } from 'node:fs';
import { posix } from 'node:path';
import { AppError } from '../../shared/errors';
import type { ResolvedConfig } from '../../shared/schemas/config';
import { sessionLabels } from '../engine/labels';
import type { ContainerSpec, MountSpec } from '../engine/types';

export const ROOT_CAPABILITIES = [
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'FSETID',
  'SETUID',
  'SETGID',
  'KILL',
];

export type ContainerConfig = Pick<
  ResolvedConfig,
  | 'containerPrefix'
  | 'environment'
  | 'envFileVars'
  | 'mounts'
  | 'resources'
  | 'network'
  | 'containerUser'
  | 'allowEngineSocketMount'
>;

/** Docker names: [a-zA-Z0-9][a-zA-Z0-9_.-]*. */
export function containerName(prefix: string, sessionName: string): string {
  const clean = `${prefix}-${sessionName}`
    .replace(/[^a-zA-Z0-9_.-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[^a-zA-Z0-9]+/, '');
  return (clean || 'ccr-session').slice(0, 128);
}

/** 'claude/2026-11-26-101010' → 'claude-2026-11-26-101010'. */
export function sessionNameFromBranch(branch: string): string {
  return branch.replace(/[^a-zA-Z0-9_.-]+/g, '-').replace(/^-+|-+$/g, '') || 'session';
}

export function isRootUser(user: string | null | undefined): boolean {
  if (!user) return true;
  const u = user.split(':')[0];
  return u === 'root' || u === '0' || u === '';
}

/** The engine sockets a mount must not expose unless allowEngineSocketMount says so. */
export function engineSocketPaths(engineAddress: string): string[] {
  const paths = [
    '/var/run/docker.sock',
    '/run/docker.sock',
    '/run/podman/podman.sock',
    '/var/run/podman/podman.sock',
  ];
  if (engineAddress.startsWith('unix://')) paths.push(engineAddress.slice('unix://'.length));
  return paths;
}

function real(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

export function validateMounts(
  mounts: ContainerConfig['mounts'],
  opts: { engineAddress: string; allowEngineSocketMount: boolean },
): MountSpec[] {
  const sockets = new Set(engineSocketPaths(opts.engineAddress).map(real));
  return mounts.map((m, i) => {
    const where = `mounts[${i}] (${m.source} → ${m.target})`;
    if (!posix.isAbsolute(m.target) || m.target.split('/').includes('..')) {
      throw new AppError(
        'invalid-mount',
        `${where}: the container path must be absolute without ".."`,
        'fix the mount target in the config',
      );
    }
    if (m.target === '/workspace' || m.target === '/' || m.target.startsWith('/opt/ccr')) {
      throw new AppError(
        'invalid-mount',
        `${where}: ${m.target} is reserved for the session`,
        'mount somewhere else, e.g. under /mnt',
      );
    }
    if (!existsSync(m.source)) {
      throw new AppError(
        'invalid-mount',
        `${where}: the host path does not exist`,
        'create it or remove the mount from the config',
      );
    }
    const src = real(m.source);
    const isSocket = sockets.has(src) || /(^|\/)(docker|podman)\.sock$/.test(src);
    if (isSocket && !opts.allowEngineSocketMount) {
      throw new AppError(
        'engine-socket-mount-refused',
        `${where}: mounting the container engine's socket gives the agent control of the host`,
        'remove the mount, or set "allowEngineSocketMount": true if you really want that',
      );
    }
    return { source: m.source, target: m.target, readonly: m.readonly };
  });
}

export interface ContainerPlanInput {
  config: ContainerConfig;
  sessionId: string;
  sessionName: string;
  repo: string;
  branch: string;
  image: string;
  /** The image's USER (null/"" = root). */
  imageUser: string | null;
  engineAddress: string;
  /** Credentials and CA env; applied last so the plan's values win over config ones. */
  extraEnv?: Record<string, string>;
  /** The engine network the session's network plan chose ("none" for an allowlist). */
  network?: string;
}

export interface ContainerPlan {
  spec: ContainerSpec;
  /** User for execs and the agent ("" only when the image runs as root). */
  user: string;
  rootOnly: boolean;
}

export function planContainer(input: ContainerPlanInput): ContainerPlan {
  const { config } = input;
  const user = config.containerUser?.trim() || input.imageUser || '';
  const rootOnly = isRootUser(user);
  const env: Record<string, string> = {
    ...config.envFileVars,
    ...config.environment,
    ...(input.extraEnv ?? {}),
  };
  // Claude Code refuses --dangerously-skip-permissions as root unless it knows it is sandboxed.
  if (rootOnly) env.IS_SANDBOX = '1';
  const spec: ContainerSpec = {
    name: containerName(config.containerPrefix, input.sessionName),
    image: input.image,
    labels: sessionLabels({ sessionId: input.sessionId, repo: input.repo, branch: input.branch }),
    env,
    // Keeps the container alive without depending on the image's entrypoint; the engine's init
    // reaps the agent's orphans and forwards stop signals.
    entrypoint: ['sleep'],
    cmd: ['infinity'],
    user: user || undefined,
    mounts: validateMounts(config.mounts, {
      engineAddress: input.engineAddress,
      allowEngineSocketMount: config.allowEngineSocketMount,
    }),
    resources: {
      memoryBytes: config.resources.memoryBytes,
      cpus: config.resources.cpus,
      pidsLimit: config.resources.pidsLimit || 1024,
      ...(config.resources.diskBytes ? { diskBytes: config.resources.diskBytes } : {}),
    },
    security: {
      capDrop: ['ALL'],
      capAdd: rootOnly ? ROOT_CAPABILITIES : [],
      noNewPrivileges: true,
    },
    network: input.network ?? (typeof config.network === 'string' ? config.network : 'default'),
    init: true,
  };
  return { spec, user, rootOnly };
}
