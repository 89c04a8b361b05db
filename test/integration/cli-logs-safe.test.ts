/**
 * `claude-run logs` copies what a container printed to the user's terminal: the agent may
 * have written escape sequences there (clipboard, links, title, screen clear). Only colours
 * may pass; the rest shows up visibly, on both engines.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { logsCommand } from '../../src/cli/commands/logs';
import { describeEachEngine } from '../helpers/engines';
import { type CliFixture, cliFixture } from './cli-fixture';

// OSC 52 (clipboard), OSC 8 (link), OSC 0 (title), CSI 2J (clear), a bidi override, a colour.
const HOSTILE =
  "printf '\\033]52;c;aGk=\\007\\033]8;;http://evil/\\033\\\\link\\033]8;;\\033\\\\\\033]0;pwned\\007\\033[2Jfile\\342\\200\\256txt.exe \\033[31mred\\033[0m\\n'; exec sleep infinity";

describeEachEngine('claude-run logs on a hostile container', (te) => {
  let f: CliFixture;
  let id: string;
  beforeAll(async () => {
    f = await cliFixture(te);
    id = await f.container({
      app: true,
      session: 'cli-esc',
      branch: 'claude/cli-esc',
      script: HOSTILE,
    });
  });
  afterAll(async () => {
    await f?.dispose();
  });

  it('prints the text and its colours, never a live escape other than SGR', async () => {
    let out = '';
    for (let i = 0; i < 50 && !out.includes('red'); i++) {
      out = (await f.run((ctx) => logsCommand(ctx, id.slice(0, 12), { tail: 'all' }))).stdout;
      if (!out.includes('red')) await new Promise((r) => setTimeout(r, 100));
    }
    expect(out).toContain('\x1b[31mred\x1b[0m');
    // Every ESC left is the start of an SGR sequence.
    // eslint-disable-next-line no-control-regex
    expect(out.replace(/\x1b\[[0-9;]*m/g, '')).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f-\x9f\u202e]/);
    expect(out).toContain('^[]52;c;aGk=^G');
    expect(out).toContain('^[[2J');
    expect(out).toContain('file<U+202E>txt.exe');
  });
});
