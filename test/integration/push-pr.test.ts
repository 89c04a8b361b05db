/**
 * Push + pull request through the commits service, against loopback servers that speak the
 * parts of the GitHub and GitLab REST APIs the app uses (the real forges are unreachable
 * here). The remote's fetch URL names the forge; its pushurl is a local bare repository.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommitService } from '../../src/main/commits';
import { EventBus } from '../../src/main/events';
import type { SessionInfo } from '../../src/shared/schemas/session';
import { hostGit, makeUserRepo } from './commits-fixture';

interface Seen {
  method: string;
  url: string;
  auth: string | undefined;
  privateToken: string | undefined;
  body: Record<string, unknown> | null;
}

async function readBody(req: IncomingMessage): Promise<Record<string, unknown> | null> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? (JSON.parse(text) as Record<string, unknown>) : null;
}

/** A forge that knows one project and keeps the PRs created on it. */
function fakeForge(kind: 'github' | 'gitlab'): {
  server: Server;
  seen: Seen[];
  prs: Record<string, unknown>[];
  start(): Promise<string>;
} {
  const seen: Seen[] = [];
  const prs: Record<string, unknown>[] = [];
  const server = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      const url = req.url ?? '';
      seen.push({
        method: req.method!,
        url,
        auth: req.headers.authorization,
        privateToken: req.headers['private-token'] as string | undefined,
        body,
      });
      const json = (status: number, value: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(value));
      };
      const u = new URL(url, 'http://x');
      if (kind === 'github') {
        if (req.method === 'GET' && u.pathname === '/api/v3/repos/octo/widgets')
          return json(200, { default_branch: 'trunk' });
        if (req.method === 'GET' && u.pathname === '/api/v3/repos/octo/widgets/pulls') {
          const head = u.searchParams.get('head');
          return json(
            200,
            prs.filter((p) => `octo:${(p.head as { ref: string }).ref}` === head),
          );
        }
        if (req.method === 'POST' && u.pathname === '/api/v3/repos/octo/widgets/pulls') {
          const n = prs.length + 1;
          const pr = {
            number: n,
            html_url: `https://ghe.example/octo/widgets/pull/${n}`,
            ...body,
            head: { ref: body!.head },
          };
          prs.push(pr);
          return json(201, pr);
        }
      } else {
        const project = '/api/v4/projects/group%2Fsub%2Fwidgets';
        if (
          req.method === 'GET' &&
          url.startsWith(project) &&
          u.pathname === decodeURIComponent(project)
        )
          return json(200, { default_branch: 'develop' });
        if (req.method === 'GET' && u.pathname.endsWith('/merge_requests')) {
          const src = u.searchParams.get('source_branch');
          return json(
            200,
            prs.filter((p) => p.source_branch === src && u.searchParams.get('state') === 'opened'),
          );
        }
        if (req.method === 'POST' && u.pathname.endsWith('/merge_requests')) {
          const iid = prs.length + 1;
          const mr = {
            iid,
            web_url: `https://gitlab.example/group/sub/widgets/-/merge_requests/${iid}`,
            ...body,
          };
          prs.push(mr);
          return json(201, mr);
        }
        if (req.method === 'GET' && u.pathname.startsWith('/api/v4/projects/'))
          return json(200, { default_branch: 'develop' });
      }
      json(404, { message: 'Not Found' });
    })();
  });
  return {
    server,
    seen,
    prs,
    start: () =>
      new Promise((resolve) =>
        server.listen(0, '127.0.0.1', () =>
          resolve(`http://127.0.0.1:${(server.address() as { port: number }).port}`),
        ),
      ),
  };
}

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
