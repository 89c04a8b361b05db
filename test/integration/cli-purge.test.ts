/**
 * `npm run purge-containers` on the real engines: lists the app's containers (running and
 * stopped), asks, and removes only those (never a container without the app's label); "n"
 * removes nothing; `--images` removes the app's images too. The script itself is run through
 * npm as a user would, narrowed to this suite's containers with CCR_SCOPE_LABEL.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { purgeCommand } from '../../src/cli/commands/purge';
import { APP_LABEL_VALUE, LABELS } from '../../src/main/engine/labels';
import { TEST_BASE_IMAGE, describeEachEngine } from '../helpers/engines';
import { type CliFixture, SCOPE_KEY, cliFixture } from './cli-fixture';

const ROOT = resolve(__dirname, '../..');

describeEachEngine('npm run purge-containers', (te) => {
  let f: CliFixture;
  let stranger: string;
  const exists = async (id: string) => (await f.engine.inspectContainer(id)) !== null;

  beforeAll(async () => {
    f = await cliFixture(te);
    stranger = await f.container({ app: false });
  });
  afterAll(async () => {
    await f?.dispose();
  });

  it('lists the app containers and removes nothing when the answer is not yes', async () => {
    const running = await f.container({ app: true, branch: 'claude/purge-a' });
    const r = await f.run((ctx) => purgeCommand(ctx, {}), 'n\n');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`  container ${running.slice(0, 12)}  `);
    expect(r.stderr).toContain('Remove 1 container(s), running ones too? [y/N] Nothing removed.\n');
    expect(r.stderr).not.toContain(stranger.slice(0, 12));
    expect(await exists(running)).toBe(true);
  });

  it('"y" removes every app container, running or stopped, and leaves the others', async () => {
    const stopped = await f.container({ app: true });
    await f.engine.stopContainer(stopped, 1);
    const r = await f.run((ctx) => purgeCommand(ctx, {}), 'y\n');
    expect(r.code).toBe(0);
    expect(r.stdout.match(/^Removed container /gm)).toHaveLength(2);
    expect(await exists(stopped)).toBe(false);
    expect(await exists(stranger)).toBe(true);
    const left = await f.engine.listContainers({ [SCOPE_KEY]: f.scope }, { all: true });
    expect(left.map((c) => c.id)).toEqual([stranger]);
  });

  it('--images removes the images the app built (by label), after the containers', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ccr-purge-img-'));
    writeFileSync(join(dir, 'Dockerfile'), `FROM ${TEST_BASE_IMAGE}\n`);
    const tag = `ccr-it-purge-${f.scope}:latest`;
    await f.engine.buildImage({
      contextDir: dir,
      dockerfile: 'Dockerfile',
      tag,
      labels: { [LABELS.app]: APP_LABEL_VALUE, [SCOPE_KEY]: f.scope },
      networkMode: 'none',
    });
    rmSync(dir, { recursive: true, force: true });
    expect(await f.engine.imageExists(tag)).toBe(true);
    const r = await f.run((ctx) => purgeCommand(ctx, { yes: true, images: true }));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^Removed image \\S*${tag.replace(/:latest$/, '')}`, 'm'));
    expect(await f.engine.imageExists(tag)).toBe(false);
    expect(await f.engine.imageExists(TEST_BASE_IMAGE)).toBe(true);
  });

  it('runs as `npm run purge-containers -- --yes`', { timeout: 120_000 }, async () => {
    const app = await f.container({ app: true });
    const out = await new Promise<{ code: number; text: string }>((done) =>
      execFile(
        'npm',
        ['run', '--silent', 'purge-containers', '--', '--yes'],
        { cwd: ROOT, env: { ...f.env, PATH: process.env.PATH }, timeout: 110_000 },
        (err, stdout, stderr) =>
          done({ code: err ? Number(err.code ?? 1) : 0, text: `${stdout}${stderr}` }),
      ),
    );
    expect(out.text).toContain(`Removed container ${app.slice(0, 12)}`);
    expect(out.code).toBe(0);
    expect(await exists(app)).toBe(false);
    expect(await exists(stranger)).toBe(true);
  });
});
