/**
 * The credentials report about an OAuth login: an expired one says the app refreshes nothing
 * and what to do; a rotating one points to the login section's `claude setup-token` hint (not when CLAUDE_CODE_OAUTH_TOKEN
 * is already set); no note without an OAuth login. Planning never touches the host's file.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fakeHome, plan } from '../../helpers/fake-home';
import { loginText } from '../../helpers/login-fixture';

const FUTURE = Date.now() + 3_600_000;

describe('credentials report notes for the Claude login', () => {
  it('an expired login: the app refreshes nothing and says what to do; the file stays as it was', async () => {
    const text = loginText('tok-expired', 1_600_000_000_000);
    const home = await fakeHome({ '.claude/.credentials.json': text });
    const p = await plan(home);
    const notes = p.report.notes.join('\n');
    expect(notes).toContain(
      `The Claude login on this machine expired at ${new Date(1_600_000_000_000).toISOString()}`,
    );
    expect(notes).toContain('The app refreshes nothing itself');
    expect(notes).toContain('run `claude` on this machine once, or /login in the session');
    expect(notes).toContain('claude setup-token');
    expect(readFileSync(join(home, '.claude/.credentials.json'), 'utf8')).toBe(text);
  });

  it('a valid login: no expiry note, the rotating login and the setup-token alternative', async () => {
    const home = await fakeHome({ '.claude/.credentials.json': loginText('tok-1', FUTURE) });
    const notes = (await plan(home)).report.notes.join('\n');
    expect(notes).not.toContain('expired');
    expect(notes).toContain('rotates each time Claude Code refreshes it');
    // The setup-token hint itself is shown once, by the Claude login section; the note points there.
    expect(notes).toContain('see Settings → Claude login or `claude-run login`');
    expect(notes).not.toContain('claude setup-token');
  });

  it('with CLAUDE_CODE_OAUTH_TOKEN set, setup-token is not offered again', async () => {
    const home = await fakeHome({ '.claude/.credentials.json': loginText('tok-1', FUTURE) });
    const notes = (await plan(home, { env: { CLAUDE_CODE_OAUTH_TOKEN: 'sk-ant-oat01-x' } })).report
      .notes;
    expect(notes.join('\n')).toContain('rotates each time');
    expect(notes.join('\n')).not.toContain('setup-token');
    expect(notes.join('\n')).not.toContain('never rotates');
  });

  it('no OAuth login: no login-sync note', async () => {
    const home = await fakeHome({});
    const notes = (await plan(home, { env: { ANTHROPIC_API_KEY: 'sk-ant-api03-x' } })).report.notes;
    expect(notes.join('\n')).not.toContain('rotates');
    expect(notes.join('\n')).not.toContain('expired');
  });
});
