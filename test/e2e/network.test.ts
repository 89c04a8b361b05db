/**
 * The network boundary in Chromium over the real web mode, with a real session on Docker. The
 * project has a package.json, so the start panel suggests an allowlist with the npm preset;
 * the user adds a host (a bad one is refused inline), looks at the open mode, goes back to the
 * allowlist and starts. The scripted agent asks the gateway for a host that is not allowed and
 * serves HTTP on port 3000. The session's Network panel shows the policy, the gateway serving,
 * the denials with their two answers ("Allow for this session" moves the host to the session's
 * list; "Always allow for this project" also writes it to the user-level config), and port 3000, which "Open" forwards to a loopback port that answers from the host.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { userConfigPath } from '../../src/main/config/paths';
import type { ChromiumSession } from '../helpers/chromium';
import { type RunningApp, describeE2E, openFolder, openAppPage, pageFailure } from './harness';
import { FIXTURE_DOCKERFILE } from '../helpers/session-harness';

// The agent: a CONNECT to each of two hosts the allowlist refuses (through the in-container proxy port,
// tried until the gateway listens), then an HTTP server on port 3000, then it waits.
const AGENT = [
  'ask() {',
  '  for i in $(seq 1 60); do exec 3<>/dev/tcp/127.0.0.1/13128 && break; sleep 1; done',
  '  printf \'CONNECT %s HTTP/1.1\\r\\nHost: %s\\r\\n\\r\\n\' "$1" "$1" >&3',
  '  head -n 1 <&3 || true; exec 3>&-',
  '}',
  'ask denied.example:443',
  'ask other.example:8443',
  'perl -MIO::Socket::INET -e \'$s = IO::Socket::INET->new(LocalAddr => "0.0.0.0", LocalPort => 3000, Listen => 5, ReuseAddr => 1) or die "listen: $!"; while ($c = $s->accept) { <$c>; print $c "HTTP/1.0 200 OK\\r\\nContent-Type: text/plain\\r\\n\\r\\nhello from port 3000\\n"; close $c }\' &',
  "printf 'agent ready\\n'",
  'exec cat > /tmp/agent-inbox',
].join('\n');

function git(dir: string, args: string[]) {
  return execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8' }).trim();
}

describeE2E('network policy, denials and ports (Chromium, Docker)', (engine) => {
  let app: RunningApp;
  let browser: ChromiumSession;
  let page: Page;
  let repo = '';
  const problems: string[] = [];

  beforeAll(async () => {
    // No `network` key: the start panel's plan is the project's detection.
    ({ app, browser, page } = await openAppPage(engine, {
      userConfig: {
        dockerImage: 'ccr-test-session:latest',
        dockerfile: FIXTURE_DOCKERFILE,
        agent: { command: ['bash', '-c', AGENT] },
      },
      problems,
      viewport: { width: 1280, height: 860 },
    }));
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    if (repo) await rm(repo, { recursive: true, force: true });
  }, 120_000);

  const shot = (name: string) => page.screenshot({ path: `/tmp/net-${name}.png` });

  it('edits the policy before the start, shows a denial with its answers, and opens a port', async () => {
    try {
      await flow();
      expect(problems).toEqual([]);
    } catch (e) {
      throw await pageFailure(page, '/tmp/net-failure.png', e);
    }
  }, 600_000);

  async function flow() {
    repo = await mkdtemp(join(tmpdir(), 'ccr-e2e-net-'));
    git(repo, ['init', '-q', '-b', 'main']);
    git(repo, ['config', 'user.name', 'User']);
    git(repo, ['config', 'user.email', 'user@example.invalid']);
    await writeFile(join(repo, 'package.json'), '{"name":"demo","version":"1.0.0"}\n');
    git(repo, ['add', '-A']);
    git(repo, ['commit', '-q', '-m', 'init']);

    // The start panel: allowlist, npm detected and chosen.
    await openFolder(page, repo);
    const net = page.getByRole('group', { name: 'Network' });
    await net.getByRole('radio', { name: 'Allowlist' }).waitFor({ timeout: 30_000 });
    expect(await net.getByRole('radio', { name: 'Allowlist' }).isChecked()).toBe(true);
    const npm = net.getByRole('button', { name: /^✓ npm/ });
    expect(await npm.getAttribute('aria-pressed')).toBe('true');
    expect(await npm.innerText()).toContain('detected');
    expect(await npm.getAttribute('title')).toContain('npmjs.org');
    expect(await net.innerText()).toContain('suggested from the project');

    // A bad host is refused inline; a good one is listed.
    const hostInput = net.getByLabel('Host to allow');
    await hostInput.fill('not a host!');
    await net.getByRole('button', { name: 'Add host' }).click();
    expect(await net.getByRole('alert').innerText()).toContain('expected a host name');
    await hostInput.fill('Example.ORG');
    await hostInput.press('Enter');
    await net.getByRole('list', { name: 'More hosts' }).getByText('example.org').waitFor();
    expect(await net.getByRole('alert').count()).toBe(0);
    expect(await net.innerText()).toContain('Changed for this session');
    await shot('start-allowlist');

    // The open mode says what it is; back to the allowlist, the added host is kept.
    await net.getByRole('radio', { name: 'Open (default network)' }).check();
    expect(await net.innerText()).toContain("The engine's default network");
    await shot('start-open');
    await net.getByRole('radio', { name: 'Allowlist' }).check();
    await net.getByRole('list', { name: 'More hosts' }).getByText('example.org').waitFor();

    await page.getByPlaceholder('claude/2026-01-01-120000').fill('claude/net');
    await page.getByRole('button', { name: 'Start session' }).click();
    const row = page.getByTestId('session-row').filter({ hasText: 'claude/net' });
    await expect
      .poll(() => row.getAttribute('data-session-status'), { timeout: 240_000 })
      .toBe('running');
    await row.locator('.session-main').click();

    // The session's Network panel: the policy as chosen, the gateway serving.
    const toggle = page.getByRole('button', { name: /^Network/ });
    await toggle.click();
    const panel = page.getByRole('complementary', { name: 'Network' });
    await expect
      .poll(() => panel.getByTestId('net-policy').innerText(), { timeout: 30_000 })
      .toBe('Allowlist · npm · 1 more host');
    await expect
      .poll(() => panel.getByTestId('net-gateway').innerText(), { timeout: 60_000 })
      .toBe('Gateway serving');

    // The agent's denied CONNECT shows with its answers.
    const denial = panel.getByTestId('net-denial').filter({ hasText: 'denied.example:443' });
    await denial.first().waitFor({ timeout: 120_000 });
    expect(await denial.first().innerText()).toContain('not on the allowlist');
    await denial.first().getByRole('button', { name: 'Always allow for this project' }).waitFor();
    // The header's button counts the denials not answered yet.
    await panel.getByTestId('net-denial').filter({ hasText: 'other.example:8443' }).waitFor();
    expect(await toggle.innerText()).toMatch(/^Network\s*2$/);
    await shot('session-denial');
    await denial.first().getByRole('button', { name: 'Allow for this session' }).click();
    await denial.first().getByText('Allowed for this session').waitFor();
    expect(await panel.getByTestId('net-session-allow').innerText()).toContain('denied.example');
    expect(await toggle.innerText()).toMatch(/^Network\s*1$/);

    // "Always allow for this project": the port goes with the pattern (not 80/443), the
    // session allows it at once, and the user-level config keeps it for this folder.
    const other = panel.getByTestId('net-denial').filter({ hasText: 'other.example:8443' });
    await other.first().getByRole('button', { name: 'Always allow for this project' }).click();
    await other.first().getByText('Allowed for this session').waitFor();
    expect(await panel.getByTestId('net-session-allow').innerText()).toContain(
      'other.example:8443',
    );
    expect((await toggle.innerText()).trim()).toBe('Network');
    const userConfig = JSON.parse(await readFile(userConfigPath(app.host), 'utf8')) as {
      projectNetworkAllow?: Record<string, string[]>;
    };
    expect(Object.values(userConfig.projectNetworkAllow ?? {}).flat()).toContain(
      'other.example:8443',
    );

    // Port 3000: listed with its process; Open forwards it and the host port answers.
    const port = panel.getByTestId('net-port').filter({ hasText: /^3000/ });
    await port.waitFor({ timeout: 60_000 });
    expect(await port.innerText()).toContain('3000 · perl');
    const popup = browser.context.waitForEvent('page', { timeout: 30_000 });
    await port.getByRole('button', { name: 'Open' }).click();
    const opened = await popup;
    const forward = port.getByTestId('net-forward');
    await forward.waitFor({ timeout: 30_000 });
    const url = (await forward.innerText()).trim();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const res = await fetch(url);
    expect(await res.text()).toBe('hello from port 3000\n');
    await opened.waitForLoadState();
    expect(opened.url()).toBe(url);
    expect(await opened.locator('body').innerText()).toContain('hello from port 3000');
    await opened.close();
    await shot('session-ports');

    await page.emulateMedia({ colorScheme: 'dark' });
    await shot('session-dark');
    await page.emulateMedia({ colorScheme: 'light' });

    // Close ends the forward.
    await port.getByRole('button', { name: 'Close' }).click();
    await forward.waitFor({ state: 'detached', timeout: 30_000 });
    await expect
      .poll(
        () =>
          fetch(url).then(
            () => 'answered',
            () => 'refused',
          ),
        { timeout: 30_000 },
      )
      .toBe('refused');
  }
});
