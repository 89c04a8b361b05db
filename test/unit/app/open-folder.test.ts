/**
 * Web mode's Open folder takes a path as a shell would: `~`, `~/…` and relative paths start at
 * the home of the user running the app; `~other` is refused with what to type instead.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appHandlers } from '../../../src/main/app/handlers';

const ctx = () => ({ transport: 'local' as const, signal: new AbortController().signal });

describe('opening a typed folder', () => {
  let home: string;
  let data: string;
  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), 'ccr-home-'));
    data = await mkdtemp(join(tmpdir(), 'ccr-data-'));
    await mkdir(join(home, 'projects', 'app'), { recursive: true });
  });
  afterAll(async () => {
    await rm(home, { recursive: true, force: true });
    await rm(data, { recursive: true, force: true });
  });

  it('expands ~ and starts relative paths at the home folder', async () => {
    const h = appHandlers({ dataDir: data, homeDir: home });
    const app = join(home, 'projects', 'app');
    expect(await h.openFolder({ folder: '~/projects/app' }, ctx())).toEqual({ folder: app });
    expect(await h.openFolder({ folder: 'projects/app/' }, ctx())).toEqual({ folder: app });
    expect(await h.openFolder({ folder: '~' }, ctx())).toEqual({ folder: home });
    expect(await h.openFolder({ folder: app }, ctx())).toEqual({ folder: app });
  });

  it('says what is wrong with a path it cannot take', async () => {
    const h = appHandlers({ dataDir: data, homeDir: home });
    await expect(h.openFolder({ folder: '~root/x' }, ctx())).rejects.toThrow(/only your own home/);
    await expect(h.openFolder({ folder: '~/nope' }, ctx())).rejects.toThrow(
      `The folder ${join(home, 'nope')} does not exist.`,
    );
  });
});
