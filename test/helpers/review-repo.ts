/** A real git repository with a session branch, for the review tests. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { SessionInfo } from '../../src/shared/schemas/session';
import { git } from './fixture-repo';

export const BRANCH = 'claude/review-test';

export interface ReviewRepo {
  dir: string;
  /** Writes files (null deletes) and commits them on the session branch; returns the commit. */
  commit(files: Record<string, string | null>, message?: string): string;
  cleanup(): void;
}

export const numbered = (n: number, prefix = 'line') =>
  Array.from({ length: n }, (_, i) => `${prefix} ${i + 1}`).join('\n') + '\n';

export function makeReviewRepo(): ReviewRepo {
  const dir = mkdtempSync(join(tmpdir(), 'ccr-review-'));
  git(dir, 'init', '-q', '-b', 'main');
  writeFileSync(join(dir, 'README'), 'base\n');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-qm', 'base');
  git(dir, 'checkout', '-qb', BRANCH);
  let n = 0;
  return {
    dir,
    commit(files, message) {
      for (const [p, c] of Object.entries(files)) {
        const file = join(dir, p);
        if (c === null) rmSync(file);
        else {
          mkdirSync(dirname(file), { recursive: true });
          writeFileSync(file, c);
        }
      }
      git(dir, 'add', '-A');
      git(dir, 'commit', '-qm', message ?? `commit ${++n}`);
      return git(dir, 'rev-parse', 'HEAD').trim();
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export function sessionFor(dir: string, over: Partial<SessionInfo> = {}): SessionInfo {
  return {
    schemaVersion: 1,
    id: 'rev-1',
    name: 'rev',
    folder: dir,
    branch: BRANCH,
    baseCommit: null,
    engine: { address: 'unix:///nonexistent', kind: 'docker' },
    containerId: null,
    containerName: 'rev',
    image: 'img',
    containerUser: '',
    status: 'stopped',
    createdAt: '',
    updatedAt: '',
    ...over,
  } as SessionInfo;
}
