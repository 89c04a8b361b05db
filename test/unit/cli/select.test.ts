import { PassThrough, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { CliContext } from '../../../src/cli/commands/context';
import { selectTarget } from '../../../src/cli/commands/select';
import type { Target } from '../../../src/cli/commands/targets';

class Sink extends Writable {
  text = '';
  override _write(c: Buffer, _e: BufferEncoding, cb: () => void): void {
    this.text += c.toString();
    cb();
  }
}

const target = (id: string, name: string): Target => ({
  containerId: id,
  sessionId: null,
  session: null,
  name,
  branch: `claude/${name}`,
  folder: '/r',
  status: 'running',
  running: true,
  created: null,
  foreign: false,
});
const targets = [target('aaaa11112222ffff', 'one'), target('bbbb33334444ffff', 'two')];

function ctxWith(answers: string[], tty: boolean) {
  const stdin = new PassThrough() as PassThrough & { isTTY: boolean };
  stdin.isTTY = tty;
  for (const a of answers) stdin.write(a);
  const stderr = new Sink();
  const ctx = new CliContext({
    io: { stdin, stdout: new Sink(), stderr, env: { NO_COLOR: '1' }, cwd: '/' },
    version: 't',
  });
  return { ctx, stderr, stdin };
}

describe('selectTarget', () => {
  it('shows a numbered list and takes the number typed', async () => {
    const { ctx, stderr } = ctxWith(['2\n'], true);
    const t = await selectTarget(ctx, targets, { verb: 'stop', command: 'stop' });
    expect(t.name).toBe('two');
    expect(stderr.text).toContain('   1)  aaaa11112222  one  claude/one  running\n');
    expect(stderr.text).toContain('Which one to stop? [1-2, q to cancel]');
  });
  it('asks again after a wrong answer, and takes an id prefix', async () => {
    const { ctx, stderr } = ctxWith(['7\n', 'bbbb\n'], true);
    const t = await selectTarget(ctx, targets, { verb: 'stop', command: 'stop' });
    expect(t.name).toBe('two');
    expect(stderr.text).toContain('Type a number from 1 to 2.');
  });
  it('q or end of input cancels', async () => {
    await expect(
      selectTarget(ctxWith(['q\n'], true).ctx, targets, { verb: 'stop', command: 'stop' }),
    ).rejects.toThrow(/nothing selected/);
    const { ctx, stdin } = ctxWith([], true);
    stdin.end();
    await expect(selectTarget(ctx, targets, { verb: 'stop', command: 'stop' })).rejects.toThrow(
      /nothing selected/,
    );
  });
  it('without a terminal, fails listing the candidates', async () => {
    await expect(
      selectTarget(ctxWith([], false).ctx, targets, { verb: 'stop', command: 'stop' }),
    ).rejects.toThrow('say which container to stop: aaaa11112222, bbbb33334444');
  });
});
