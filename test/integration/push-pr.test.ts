/**
 * Push + pull request through the commits service, against loopback servers that speak the
 * parts of the GitHub and GitLab REST APIs the app uses (the real forges are unreachable
 * here). The remote's fetch URL names the forge; its pushurl is a local bare repository.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommitService } from '../../src/main/commits';
import { EventBus } from '../../src/main/events';
import type { SessionInfo } from '../../src/shared/schemas/session';
import { fakeForge } from '../helpers/fake-forge';
import { hostGit, makeUserRepo } from './commits-fixture';

function setup(fetchUrl: string, branch: string): { session: SessionInfo; bare: string } {
  const repo = makeUserRepo(branch);
  const bare = join(mkdtempSync(join(tmpdir(), 'ccr-pr-remote-')), 'r.git');
  execFileSync('git', ['init', '-q', '--bare', bare]);
  hostGit(repo.dir, 'remote', 'add', 'origin', fetchUrl);
  hostGit(repo.dir, 'config', 'remote.origin.pushurl', bare);
  const wt = mkdtempSync(join(tmpdir(), 'ccr-pr-wt-'));
  hostGit(repo.dir, 'worktree', 'add', '-q', wt, branch);
  writeFileSync(join(wt, 'feature.txt'), 'feature\n');
  hostGit(wt, 'add', 'feature.txt');
  hostGit(wt, 'commit', '-q', '-m', 'Add the feature', '-m', 'Longer explanation.');
  hostGit(repo.dir, 'worktree', 'remove', '--force', wt);
  const now = new Date().toISOString();
  return {
    bare,
    session: {
      schemaVersion: 1,
      id: `pr-${Math.random().toString(36).slice(2, 8)}`,
      name: 'pr',
      folder: repo.dir,
      branch,
      baseCommit: repo.base,
      engine: { address: 'unix:///nonexistent', kind: 'docker' },
      containerId: null,
      containerName: 'x',
      image: 'x',
      containerUser: '',
      status: 'stopped',
      createdAt: now,
      updatedAt: now,
    },
  };
}

for (const kind of ['github', 'gitlab'] as const) {
  describe(`pull requests on ${kind}`, () => {
    const forge = fakeForge(kind);
    let base = '';
    let service: CommitService;
    let session: SessionInfo;
    let bare = '';
    const events: { name: string; payload: unknown }[] = [];
    const branch = `claude/pr-${kind}`;
    const ran: string[][] = [];

    beforeAll(async () => {
      base = await forge.start();
      const remote =
        kind === 'github'
          ? 'git@ghe.example:octo/widgets.git'
          : 'ssh://git@gitlab.example:2222/group/sub/widgets.git';
      ({ session, bare } = setup(remote, branch));
      const bus = new EventBus();
      bus.subscribe((name, payload) => events.push({ name, payload }));
      service = new CommitService({
        bus,
        engineFor: async () => {
          throw new Error('no engine in this suite');
        },
        forge: {
          env: {},
          run: async (cmd, args) => {
            ran.push([cmd, ...args]);
            if (cmd === 'gh') return { code: 0, stdout: 'gho_fromGhCli123\n', stderr: '' };
            return { code: 0, stdout: 'glpat-fromGlab123\n', stderr: '' };
          },
          apiBase: (t) => (t.forge === 'github' ? `${base}/api/v3` : base),
        },
      });
      await service.onSessionStatus(session);
    });
    afterAll(() => {
      service.dispose();
      return new Promise<void>((r) => forge.server.close(() => r()));
    });

    it('pre-fills a draft from the commits with the default branch as base', async () => {
      const draft = await service.prDraft(session.id);
      expect(draft).toMatchObject({
        forge: kind,
        head: branch,
        base: kind === 'github' ? 'trunk' : 'develop',
        title: 'Add the feature',
        existingUrl: null,
      });
      expect(draft.body).toContain('Longer explanation.');
      expect(ran[0]).toEqual(
        kind === 'github'
          ? ['gh', 'auth', 'token', '--hostname', 'ghe.example']
          : ['glab', 'config', 'get', 'token', '--host', 'gitlab.example'],
      );
    });

    it('pushes, then creates the PR with the edited title, body, base and draft flag and the right auth', async () => {
      const pr = await service.createPr(session.id, {
        title: 'My title',
        body: 'My body',
        base: 'release',
        draft: true,
        push: true,
      });
      expect(pr.created).toBe(true);
      expect(pr.url).toMatch(kind === 'github' ? /\/pull\/1$/ : /merge_requests\/1$/);
      expect(hostGit(bare, 'rev-parse', branch)).toBe(hostGit(session.folder, 'rev-parse', branch));
      const post = forge.seen.find((s) => s.method === 'POST')!;
      if (kind === 'github') {
        expect(post.auth).toMatch(/^(token|bearer) gho_fromGhCli123$/i);
        expect(post.body).toMatchObject({
          head: branch,
          base: 'release',
          title: 'My title',
          body: 'My body',
          draft: true,
        });
      } else {
        expect(post.privateToken).toBe('glpat-fromGlab123');
        expect(post.body).toMatchObject({
          source_branch: branch,
          target_branch: 'release',
          title: 'Draft: My title',
          description: 'My body',
        });
      }
      expect(events.map((e) => e.name)).toEqual(['pushed', 'prCreated']);
    });

    it('returns the open PR instead of creating a second one', async () => {
      const posts = forge.seen.filter((s) => s.method === 'POST').length;
      const pr = await service.createPr(session.id, {
        title: 'Again',
        body: '',
        draft: false,
        push: true,
      });
      expect(pr).toMatchObject({ created: false, number: 1 });
      expect(forge.seen.filter((s) => s.method === 'POST').length).toBe(posts);
      expect((await service.prDraft(session.id)).existingUrl).toBe(pr.url);
    });
  });
}
