/**
 * The container kit: small scripts copied into every session container at /opt/ccr/bin before
 * setup commands run (custom images do not have them). Each domain owns its own file here; add
 * one import and one list entry to ship a new script.
 */
import { agentRun } from './agent-run';
import { attentionHook } from './attention-hook';
import { claudeLogin } from './claude-login';
import { commitBundle, commitWatch } from './commit-watch';
import { startCommit } from './start-commit';
import type { KitFile } from './types';
import { usageWatch } from './usage-watch';
import { workspaceInit } from './workspace-init';

export type { KitFile } from './types';
export const KIT_DIR = '/opt/ccr/bin';

export const kitFiles: readonly KitFile[] = [
  agentRun,
  workspaceInit,
  startCommit,
  attentionHook,
  commitWatch,
  commitBundle,
  claudeLogin,
  usageWatch,
];
