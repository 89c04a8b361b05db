/**
 * Claude Code's settings and first-run state, so the agent does not stop at onboarding screens:
 * a copy of ~/.claude.json without other projects' entries, history and caches, and from
 * ~/.claude/ only settings.json, commands/ and agents/. Never projects/, history.jsonl, todos/,
 * statsig/, shell-snapshots/ or anything else in there.
 */
import { mergeClaudeSettingsHooks } from '../kit/attention-hook';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describeFailedRead, readHostFile } from './host-readers';
import { PLAIN_MODE, SECRET_MODE, type PlanBuilder } from './types';

/** Keys of ~/.claude.json that hold other projects' state, history, caches or host programs. */
const DROPPED_KEYS = new Set([
  'projects', // per-folder state of every project the user opened: history, allowed tools, MCP
  'githubRepoPaths', // host paths of the user's clones
  'mcpServers', // host commands and often their tokens: not Claude's login, not forwarded
  'history',
  'tipsHistory',
  's1mAccessCache',
  'changelogLastFetched',
]);
const DROPPED_PATTERNS = [/history/i, /^cached/i, /cache$/i, /^recent/i];

export interface ClaudeJsonRead {
  path: string;
  /** The parsed object, or null when missing/invalid. */
  json: Record<string, unknown> | null;
  problem: string | null;
}

export async function readClaudeJson(path: string): Promise<ClaudeJsonRead> {
  // Its `projects` map grows with every conversation: tens of MB are seen in the wild.
  const read = await readHostFile(path, 64 * 1024 * 1024);
  if (!read.ok) return { path, json: null, problem: describeFailedRead(read.why) };
  try {
    const v: unknown = JSON.parse(read.content.toString('utf8'));
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
      return { path, json: v as Record<string, unknown>, problem: null };
    }
  } catch {
    // JSON.parse's message quotes the input, which may hold a key: say only that it is invalid.
  }
  return { path, json: null, problem: 'found but it is not a JSON object; not forwarded' };
}

export interface ClaudeJsonFilter {
  firstParty: boolean;
  keepPrimaryApiKey: boolean;
  approvedKeySuffix: string | null;
}

/** The copy of ~/.claude.json that goes into the container, and the names of dropped keys. */
export function filterClaudeJson(
  json: Record<string, unknown>,
  opts: ClaudeJsonFilter,
): { json: Record<string, unknown>; dropped: string[] } {
  const out: Record<string, unknown> = {};
  const dropped: string[] = [];
  for (const [key, value] of Object.entries(json)) {
    if (DROPPED_KEYS.has(key) || DROPPED_PATTERNS.some((p) => p.test(key))) {
      dropped.push(key);
      continue;
    }
    if (key === 'primaryApiKey' && !opts.keepPrimaryApiKey) {
      dropped.push(key);
      continue;
    }
    // The account shown by /status; only meaningful with a first-party login.
    if (key === 'oauthAccount' && !opts.firstParty) {
      dropped.push(key);
      continue;
    }
    // Claude Code stores the last 20 characters of every key it asked about; keep only the
    // approval of the key that is forwarded, so the container does not ask again.
    if (key === 'customApiKeyResponses') {
      if (opts.approvedKeySuffix) {
        out[key] = { approved: [opts.approvedKeySuffix], rejected: [] };
      } else dropped.push(key);
      continue;
    }
    out[key] = value;
  }
  return { json: out, dropped };
}

export function planClaudeJson(b: PlanBuilder, read: ClaudeJsonRead, opts: ClaudeJsonFilter): void {
  const base = {
    id: 'claude-json',
    label: 'Claude Code settings and onboarding state (~/.claude.json)',
    group: 'claude-config' as const,
    source: read.path,
  };
  if (!read.json) {
    b.entry({
      ...base,
      found: read.problem !== 'not found',
      forwarded: false,
      reason: read.problem!,
    });
    if (read.problem === 'not found') {
      b.note(
        'No ~/.claude.json on this machine: Claude Code will show its first-run screens in the session.',
      );
    }
    return;
  }
  const { json, dropped } = filterClaudeJson(read.json, opts);
  const content = Buffer.from(JSON.stringify(json, null, 2) + '\n', 'utf8');
  b.entry({
    ...base,
    found: true,
    forwarded: true,
    target: b.addFile('.claude.json', content, SECRET_MODE),
    reason:
      'a copy readable only by the container user' +
      (dropped.length > 0 ? `, without: ${dropped.join(', ')}` : ''),
  });
}

/** Limits for commands/ and agents/: they are small markdown files. */
const MAX_FILES = 500;
const MAX_TOTAL_BYTES = 8 * 1024 * 1024;
const MAX_DEPTH = 6;

interface Walk {
  files: { rel: string; content: Buffer }[];
  symlinks: number;
  truncated: boolean;
  bytes: number;
}

/** Regular files only; symlinks are skipped (one could point at ~/.ssh), as are dotfiles. */
async function walk(root: string, rel: string, depth: number, acc: Walk): Promise<void> {
  let dirents;
  try {
    dirents = await readdir(join(root, rel), { withFileTypes: true });
  } catch {
    return;
  }
  dirents.sort((a, b) => (a.name < b.name ? -1 : 1));
  for (const d of dirents) {
    if (d.name.startsWith('.')) continue; // .DS_Store, AppleDouble ._* files, editor swap files
    const childRel = rel === '' ? d.name : `${rel}/${d.name}`;
    if (d.isSymbolicLink()) {
      acc.symlinks++;
    } else if (d.isDirectory()) {
      if (depth < MAX_DEPTH) await walk(root, childRel, depth + 1, acc);
    } else if (d.isFile()) {
      if (acc.files.length >= MAX_FILES) {
        acc.truncated = true;
        return;
      }
      const read = await readHostFile(join(root, childRel));
      if (!read.ok) continue;
      if (acc.bytes + read.content.length > MAX_TOTAL_BYTES) {
        acc.truncated = true;
        return;
      }
      acc.bytes += read.content.length;
      acc.files.push({ rel: childRel, content: read.content });
    }
  }
}

const NEVER_FORWARDED =
  'never forwarded: history, other projects\u2019 state and caches stay on the host';

export async function planClaudeDir(b: PlanBuilder, claudeDir: string): Promise<void> {
  const settingsPath = join(claudeDir, 'settings.json');
  const settings = await readHostFile(settingsPath);
  // The container's settings always carry the runner's attention hooks (Stop, Notification,
  // SessionStart), merged into the user's own settings so both sets of hooks run.
  let parsed: unknown = {};
  let unparsable = false;
  if (settings.ok) {
    try {
      parsed = JSON.parse(settings.content.toString('utf8'));
    } catch {
      unparsable = true;
    }
  }
  const merged = Buffer.from(`${JSON.stringify(mergeClaudeSettingsHooks(parsed), null, 2)}\n`);
  const target = b.addFile('.claude/settings.json', merged, SECRET_MODE);
  b.entry({
    id: 'claude-settings',
    label: 'Claude Code user settings (~/.claude/settings.json)',
    group: 'claude-config',
    source: settingsPath,
    found: settings.ok,
    forwarded: settings.ok && !unparsable,
    // 0600: users put API keys in its `env` block.
    target: settings.ok && !unparsable ? target : undefined,
    reason: !settings.ok
      ? `${describeFailedRead(settings.why)}; the container gets only the runner's attention hooks`
      : unparsable
        ? 'not valid JSON: the container gets only the runner\u2019s attention hooks'
        : 'a copy readable only by the container user, with the runner\u2019s attention hooks added',
  });

  for (const sub of ['commands', 'agents'] as const) {
    const acc: Walk = { files: [], symlinks: 0, truncated: false, bytes: 0 };
    await walk(join(claudeDir, sub), '', 0, acc);
    for (const f of acc.files) b.addFile(`.claude/${sub}/${f.rel}`, f.content, PLAIN_MODE);
    const skipped = [
      acc.symlinks > 0 ? `${acc.symlinks} symlink(s) skipped` : '',
      acc.truncated ? `stopped at ${MAX_FILES} files / ${MAX_TOTAL_BYTES / 1024 / 1024} MiB` : '',
    ].filter(Boolean);
    b.entry({
      id: `claude-${sub}`,
      label: `Claude Code custom ${sub === 'commands' ? 'slash commands' : 'subagents'} (~/.claude/${sub}/)`,
      group: 'claude-config',
      source: join(claudeDir, sub),
      found: acc.files.length > 0,
      forwarded: acc.files.length > 0,
      target:
        acc.files.length > 0 ? `${b.containerHome.replace(/\/+$/, '')}/.claude/${sub}/` : undefined,
      reason:
        (acc.files.length > 0 ? `${acc.files.length} file(s) copied` : 'none found') +
        (skipped.length > 0 ? ` (${skipped.join('; ')})` : ''),
    });
  }

  // Say out loud that the rest of ~/.claude stays home, so nobody has to wonder.
  let rest: string[] = [];
  try {
    rest = (await readdir(claudeDir)).filter(
      (n) => !['settings.json', 'commands', 'agents', '.credentials.json'].includes(n),
    );
  } catch {
    // no ~/.claude at all
  }
  b.entry({
    id: 'claude-dir-rest',
    label:
      'Everything else in ~/.claude (projects/, history, todos/, statsig/, shell-snapshots/, …)',
    group: 'claude-config',
    source: claudeDir,
    found: rest.length > 0,
    forwarded: false,
    reason: NEVER_FORWARDED,
  });
}
