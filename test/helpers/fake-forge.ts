/**
 * Loopback servers that speak the parts of the GitHub and GitLab REST APIs the app uses (the
 * real forges are unreachable in tests): one project each (GitHub octo/widgets with default
 * branch trunk, GitLab group/sub/widgets with develop), keeping the PRs created on them and
 * every request seen.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';

export interface Seen {
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
export function fakeForge(kind: 'github' | 'gitlab'): {
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
        const one = /^\/api\/v3\/repos\/octo\/widgets\/pulls\/(\d+)$/.exec(u.pathname);
        if (req.method === 'GET' && one) {
          const pr = prs.find((p) => p.number === Number(one[1]));
          if (pr) return json(200, { state: 'open', merged: false, ...pr });
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
        const one = /\/merge_requests\/(\d+)$/.exec(u.pathname);
        if (req.method === 'GET' && one) {
          const mr = prs.find((p) => p.iid === Number(one[1]));
          if (mr) return json(200, { state: 'opened', ...mr });
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
