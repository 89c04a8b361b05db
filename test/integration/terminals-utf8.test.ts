/**
 * Non-ASCII text and italics reach the agent's terminal intact on an image that sets no locale
 * at all (the test images set no LANG): what the agent prints is on the screen as printed, what
 * the user types reaches the agent as the same characters, and italic text is italic (tmux
 * with a screen-* default-terminal shows it reversed). With tmux (the agent survives the app)
 * and without (the plain TTY exec).
 */
import { Readable } from 'node:stream';
import { pack } from 'tar-stream';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { connectEngineAt } from '../../src/main/engine';
import type { Engine } from '../../src/main/engine/types';
import { agentRun } from '../../src/main/kit/agent-run';
import type { AgentSpec } from '../../src/main/sessions/agent-launcher';
import type { TerminalService } from '../../src/main/terminals/service';
import { describeEachEngine, TEST_BASE_IMAGE } from '../helpers/engines';
import { screenText, tmuxContainer, tmuxImage, tmuxService, viewerScreen } from './tmux-fixture';

const TEXT = '✓ ● → 日本語 🚀';
const TYPED = 'é日';

// Under the kit's agent-run, as every agent runs: prints the text, an italic word and its
// locale, then reads one line and says how many characters it got (bash counts characters in
// a UTF-8 locale, bytes otherwise).
const AGENT: AgentSpec = {
  cmd: [
    agentRun.path,
    'bash',
    '-c',
    'printf "OUT:%s\\n" "$1"; printf "\\033[3mSLANTED\\033[23m plain\\n"; ' +
      'echo "LOCALE:$(locale charmap 2>/dev/null)"; ' +
      'IFS= read -r l; echo "GOT:$l chars=${#l}"; exec sleep 600',
    'agent',
    TEXT,
  ],
  user: '',
  workdir: '/workspace',
  env: {},
};

async function putAgentRun(engine: Engine, containerId: string): Promise<void> {
  const tar = pack();
  tar.entry({ name: agentRun.path.slice(1), mode: agentRun.mode }, agentRun.content);
  tar.finalize();
  await engine.putArchive(containerId, '/', Readable.from(tar));
}

/** The cell of `word`'s first letter on the viewer's screen: italic, reversed. */
async function styleOf(svc: TerminalService, id: string, word: string) {
  const view = await viewerScreen(svc, id, 'style');
  await view.view();
  const b = view.term.buffer.active;
  for (let y = 0; y < b.length; y++) {
    const line = b.getLine(y);
    const x = line?.translateToString(true).indexOf(word) ?? -1;
    if (line && x >= 0) {
      const cell = line.getCell(x)!;
      const style = { italic: cell.isItalic() !== 0, inverse: cell.isInverse() !== 0 };
      view.dispose();
      return style;
    }
  }
  view.dispose();
  return null;
}

describeEachEngine('non-ASCII text and italics in the agent terminal', (te) => {
  let engine: Engine;
  let image: string | null = null;
  let reason = '';
  const made: string[] = [];
  const services: TerminalService[] = [];
  beforeAll(async () => {
    engine = await connectEngineAt(te.address, { source: 'test' });
    ({ image, reason } = await tmuxImage(engine));
  }, 300_000);
  afterAll(async () => {
    for (const s of services) s.dispose();
    for (const id of made) await engine.removeContainer(id, { force: true }).catch(() => undefined);
  });

  async function check(img: string, name: string, tmux: boolean) {
    const session = await tmuxContainer(te, engine, img, name);
    made.push(session.containerId!);
    await putAgentRun(engine, session.containerId!);
    const env = await engine.exec(session.containerId!, { cmd: ['sh', '-c', 'echo "[$LANG]"'] });
    expect(env.stdout.toString().trim()).toBe('[]'); // the image sets no locale
    const { rec, svc } = tmuxService(engine, session);
    services.push(svc);
    await svc.launch(session, AGENT);
    const agent = svc.list(session.id).find((t) => t.role === 'agent')!;
    expect(agent.scrollback === 'tmux').toBe(tmux);
    await svc.attach(agent.id, 'v1');
    await rec.until(() => rec.output(agent.id).includes('LOCALE:'), 'the agent starts');
    await expect.poll(() => screenText(svc, agent.id, 'v2')).toMatch(/^LOCALE:/m);
    const text = await screenText(svc, agent.id, 'v2');
    expect({
      printed: /^OUT:(.*?) *$/m.exec(text)?.[1],
      locale: /^LOCALE:(.*?) *$/m.exec(text)?.[1],
      italic: await styleOf(svc, agent.id, 'SLANTED'),
      upright: await styleOf(svc, agent.id, 'plain'),
    }).toEqual({
      printed: TEXT,
      locale: 'UTF-8',
      italic: { italic: true, inverse: false },
      upright: { italic: false, inverse: false },
    });

    svc.write(agent.id, `${TYPED}\r`);
    await expect
      .poll(() => screenText(svc, agent.id, 'v2'), { timeout: 15_000 })
      .toMatch(new RegExp(`^GOT:${TYPED} chars=2 *$`, 'm'));
  }

  it('with tmux', async (ctx) => {
    if (!image) {
      if (process.env.CI) throw new Error(reason);
      ctx.skip(reason);
      return;
    }
    await check(image, 'utf8-tmux', true);
  }, 120_000);

  it('without tmux', async () => {
    await check(TEST_BASE_IMAGE, 'utf8-plain', false);
  }, 60_000);
});
