/**
 * The pull request state in the session list, against loopback GitHub and GitLab servers: the
 * list answers at once ('unknown'), the forge is asked in the background, and the next answer
 * has the state the forge reported.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forgePrLookup } from '../../src/main/merge/pr-state';
import { fakeForge } from '../helpers/fake-forge';
import { g, makeRepo, mergeService, session } from './merge-fixture';
import type { MergeService } from '../../src/main/merge';
import type { EventBus } from '../../src/main/events';

for (const kind of ['github', 'gitlab'] as const) {
  describe(`session git state: pull request on ${kind}`, () => {
    const forge = fakeForge(kind);
    let service: MergeService;
    let bus: EventBus;

    beforeAll(async () => {
      const base = await forge.start();
      const r = makeRepo();
      g(
        r.dir,
        'remote',
        'add',
        'origin',
        kind === 'github'
          ? 'git@ghe.example:octo/widgets.git'
          : 'ssh://git@gitlab.example:2222/group/sub/widgets.git',
      );
      const lookup = forgePrLookup(
        () => ({
          env: {},
          run: async () => ({ code: 0, stdout: 'token-from-cli-123\n', stderr: '' }),
          apiBase: (t) => (t.forge === 'github' ? `${base}/api/v3` : base),
          hosts: { 'ghe.example': 'github', 'gitlab.example': 'gitlab' },
        }),
        async () => 'origin',
      );
      ({ service, bus } = mergeService(session(r.dir, r.base), { prState: lookup }));
      forge.prs.push(
        kind === 'github'
          ? {
              number: 3,
              html_url: 'https://ghe.example/octo/widgets/pull/3',
              state: 'closed',
              merged: true,
            }
          : {
              iid: 3,
              web_url: 'https://gitlab.example/group/sub/widgets/-/merge_requests/3',
              state: 'merged',
            },
      );
    });
    afterAll(() => new Promise<void>((r) => forge.server.close(() => r())));

    it('reports the state the forge has, without waiting for it in the list', async () => {
      const url =
        kind === 'github'
          ? 'https://ghe.example/octo/widgets/pull/3'
          : 'https://gitlab.example/group/sub/widgets/-/merge_requests/3';
      bus.emit('prCreated', {
        sessionId: 'merge-test',
        forge: kind,
        url,
        number: 3,
        created: true,
        automatic: true,
      });
      await expect
        .poll(async () => (await service.gitState('merge-test')).pr)
        .toMatchObject({ url, number: 3 });
      await service.prStates!.settled();
      expect((await service.gitState('merge-test')).pr).toEqual({
        url,
        number: 3,
        state: 'merged',
      });
      expect(
        forge.seen.filter((s) =>
          /\/(pulls|merge_requests)\/3$/.test(new URL(s.url, 'http://x').pathname),
        ),
      ).toHaveLength(1);
    });
  });
}
