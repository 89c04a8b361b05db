/**
 * The Claude login section of Settings: the host login (store, account, expiry; an expired
 * one says the app refreshes nothing), each running session's login and sync state by name,
 * and the long-lived token hint. The screenshot (test-results/settings-login-sync.png) is the
 * section with the app's own styles.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { LoginSyncView } from '../../../src/renderer/src/components/settings/LoginSyncSection';
import type { LoginSyncReport } from '../../../src/shared/schemas/claude-login';
import { chromiumMissing, launchChromium } from '../../helpers/chromium';

const report: LoginSyncReport = {
  host: {
    store: 'file',
    source: '/home/ada/.claude/.credentials.json',
    account: 'ada@example.com',
    expiresAt: '2020-01-01T10:00:00.000Z',
    expired: true,
  },
  sessions: [
    {
      sessionId: 's-one',
      account: 'ada@example.com',
      expiresAt: '2026-12-04T18:00:00.000Z',
      lastSyncedAt: '2026-12-04T10:00:00.000Z',
      state: 'pulled',
      message: 'its refreshed login was written to /home/ada/.claude/.credentials.json',
    },
    {
      sessionId: 's-two',
      account: 'grace@example.com',
      expiresAt: '2026-12-04T19:00:00.000Z',
      lastSyncedAt: null,
      state: 'other-account',
      message:
        'the session is logged in as grace@example.com, the host as ada@example.com: not synced either way',
    },
  ],
  active: true,
  longLivedTokenHint: 'For a login that never rotates, run `claude setup-token` on this machine.',
};

describe('Settings: Claude login', () => {
  it('shows the host login, each session by name with its state, and the setup-token hint', async () => {
    const html = renderToStaticMarkup(
      createElement(LoginSyncView, { report, names: { 's-one': 'fix-tests' } }),
    );
    expect(html).toContain('credentials file');
    expect(html).toContain('ada@example.com');
    expect(html).toContain('expired: the app refreshes nothing itself');
    expect(html).toContain('fix-tests'); // named
    expect(html).toContain('s-two'); // no name known: its id
    expect(html).toContain('refreshed here, copied to this machine');
    expect(html).toContain('another account: not synced');
    expect(html).toContain('claude setup-token');

    if (chromiumMissing()) return;
    const css = await Promise.all(
      ['base.css', 'main.css'].map((f) =>
        readFile(join('src/renderer/src/styles', f), 'utf8').catch(() => ''),
      ),
    );
    css.push(await readFile('src/renderer/src/components/settings/settings.css', 'utf8'));
    const browser = await launchChromium();
    try {
      const page = await browser.context.newPage();
      await page.setViewportSize({ width: 860, height: 420 });
      await page.setContent(
        `<style>${css.join('\n')}</style><div class="settings"><section class="settings-section"><h3>Claude login</h3>${html}</section></div>`,
      );
      await mkdir('test-results', { recursive: true });
      await page.screenshot({ path: 'test-results/settings-login-sync.png' });
      expect(await page.getByTestId('login-sync-s-two').innerText()).toContain('grace@example.com');
    } finally {
      await browser.close();
    }
  });

  it("a process that does not sync says another one does, with that one's rows", () => {
    const html = renderToStaticMarkup(
      createElement(LoginSyncView, {
        report: { ...report, active: false },
        names: { 's-one': 'fix-tests' },
      }),
    );
    expect(html).toContain('Another app or claude-run process keeps');
    expect(html).toContain('fix-tests');
    const none = renderToStaticMarkup(
      createElement(LoginSyncView, { report: { ...report, sessions: [] }, names: {} }),
    );
    expect(none).toContain('No running session.');
  });
});
