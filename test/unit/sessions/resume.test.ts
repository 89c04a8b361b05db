/**
 * The pure parts of resume/fork/export: the agent's argv when it starts again, the resume
 * default per agent command, and which transcript archive names are let through.
 */
import { describe, expect, it } from 'vitest';
import { agentSpec } from '../../../src/main/sessions/agent-spec';
import { checkEntryName } from '../../../src/main/sessions/conversation-archive';
import { inheritedNetwork } from '../../../src/main/sessions/fork';
import { makeFixture } from '../config/fixture';

const cfg = {
  agent: { command: ['claude', '--dangerously-skip-permissions'], resume: ['--continue'] },
  allowedTools: ['Read'],
  autoStartClaude: true,
};

describe('agent argv on a resume', () => {
  it('puts the resume args after the options and before "--" and the prompt', () => {
    expect(agentSpec(cfg, { user: 'u', rootOnly: false, resume: true, prompt: 'go' }).cmd).toEqual([
      '/opt/ccr/bin/agent-run',
      'claude',
      '--dangerously-skip-permissions',
      '--allowedTools',
      'Read',
      '--continue',
      '--',
      'go',
    ]);
  });

  it('leaves them out on a fresh start', () => {
    expect(agentSpec(cfg, { user: 'u', rootOnly: false }).cmd).not.toContain('--continue');
    expect(agentSpec(cfg, { user: 'u', rootOnly: false, resume: false }).cmd).not.toContain(
      '--continue',
    );
  });

  it('a shell-only session gets none', () => {
    expect(
      agentSpec({ ...cfg, autoStartClaude: false }, { user: 'u', rootOnly: false, resume: true })
        .cmd,
    ).toEqual(['/opt/ccr/bin/agent-run']);
  });
});

describe('agent.resume default', () => {
  it('is --continue for claude (also by path), nothing for other agents, as set otherwise', async () => {
    const fx = makeFixture();
    try {
      const load = async (agent?: object) => {
        if (agent) fx.userConfig({ agent });
        const r = await fx.load();
        if (!r.ok) throw new Error(JSON.stringify(r.issues));
        return r.config.agent.resume;
      };
      expect(await load()).toEqual(['--continue']);
      expect(await load({ command: ['/usr/local/bin/claude'] })).toEqual(['--continue']);
      expect(await load({ command: ['codex'] })).toEqual([]);
      expect(await load({ command: ['codex'], resume: ['resume', '--last'] })).toEqual([
        'resume',
        '--last',
      ]);
      expect(await load({ resume: [] })).toEqual([]);
      fx.userConfig({ agent: { resume: [''] } });
      expect((await fx.load()).ok).toBe(false);
    } finally {
      fx.cleanup();
    }
  });
});

describe('transcript archive names', () => {
  it('lets plain names below projects/ through', () => {
    expect(checkEntryName('projects/')).toEqual({ rel: '' });
    expect(checkEntryName('projects/-workspace/abc.jsonl')).toEqual({
      rel: '-workspace/abc.jsonl',
    });
    expect(checkEntryName('projects/-workspace/sub/')).toEqual({ rel: '-workspace/sub' });
  });

  it.each([
    ['/etc/passwd', 'absolute'],
    ['projects/../../.bashrc', '".."'],
    ['projects/./x', '"."'],
    ['projects//x', 'empty'],
    ['other/x.jsonl', 'outside projects/'],
    ['projects/a\nb.jsonl', 'control character'],
    ['projects/a\u001b[2Jb', 'control character'],
    ['projects/a\\..\\b', 'backslash'],
  ])('refuses %j (%s)', (name, why) => {
    const r = checkEntryName(name);
    expect(r).toHaveProperty('refused');
    expect((r as { refused: string }).refused).toContain(why);
  });

  it('refuses names Windows cannot hold only when the host is Windows', () => {
    expect(checkEntryName('projects/a:b.jsonl', 'linux')).toEqual({ rel: 'a:b.jsonl' });
    expect(checkEntryName('projects/a:b.jsonl', 'win32')).toHaveProperty('refused');
  });
});

describe("a fork's network", () => {
  it("is the source's policy, an allowlist with the session's allowed hosts added once", () => {
    expect(inheritedNetwork(null)).toBeNull();
    expect(inheritedNetwork({ policy: 'none', sessionAllow: ['x.test'] })).toBe('none');
    expect(
      inheritedNetwork({
        policy: { egress: 'allowlist', allow: ['a.test'], presets: ['npm'] },
        sessionAllow: ['b.test:8443', 'a.test'],
      }),
    ).toEqual({ egress: 'allowlist', allow: ['a.test', 'b.test:8443'], presets: ['npm'] });
  });
});
