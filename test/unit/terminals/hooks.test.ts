import { describe, expect, it } from 'vitest';
import {
  claudeSettingsHooks,
  mergeClaudeSettingsHooks,
  attentionHook,
} from '../../../src/main/kit/attention-hook';
import { HookLineParser, type HookLine } from '../../../src/main/terminals/hook-watcher';

describe('attention hooks', () => {
  it('hook every event the runner needs to the kit script with fixed words only', () => {
    const hooks = claudeSettingsHooks();
    expect(Object.keys(hooks).sort()).toEqual([
      'Notification',
      'SessionStart',
      'Stop',
      'UserPromptSubmit',
    ]);
    expect(hooks.Notification!.map((h) => h.matcher)).toEqual(['idle_prompt', 'permission_prompt']);
    for (const entries of Object.values(hooks)) {
      for (const e of entries)
        for (const h of e.hooks)
          expect(h.command).toMatch(/^\/opt\/ccr\/bin\/attention-hook [a-z]+ [a-z-]+$/);
    }
    expect(attentionHook.content.startsWith('#!/bin/sh\n')).toBe(true);
  });

  it("merges into existing settings, keeps the user's hooks and never duplicates its own", () => {
    const user = {
      model: 'x',
      hooks: { Stop: [{ hooks: [{ type: 'command', command: 'say done' }] }] },
    };
    const once = mergeClaudeSettingsHooks(user);
    const twice = mergeClaudeSettingsHooks(once);
    expect(twice).toEqual(once);
    expect(once.model).toBe('x');
    const stop = (once.hooks as Record<string, unknown[]>).Stop!;
    expect(stop).toHaveLength(2);
    expect(JSON.stringify(stop[0])).toContain('say done');
    expect(mergeClaudeSettingsHooks('garbage').hooks).toEqual(claudeSettingsHooks());
    expect(user.hooks.Stop).toHaveLength(1); // input not mutated
  });

  it('parses only valid lines from the container, across chunk boundaries', () => {
    const lines: HookLine[] = [];
    const p = new HookLineParser((l) => lines.push(l));
    p.push('{"state":"waiting","reason":"perm');
    p.push('ission","ts":1}\nnot json\n{"state":"evil","reason":"stop"}\n');
    p.push(`${'x'.repeat(5000)}\n{"state":"finished","reason":"stop"}\n`);
    expect(lines).toEqual([
      { state: 'waiting', reason: 'permission' },
      { state: 'finished', reason: 'stop' },
    ]);
  });
});
