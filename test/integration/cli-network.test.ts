/**
 * The network commands against a session `claude-run start --network allowlist --allow …`
 * started and serves: the agent's curl to a host off the list is refused and `claude-run
 * network` shows the denial with the process and the command allowing it; `claude-run allow`
 * adds the host to the session's allows; `claude-run ports` lists the agent's server on port
 * 3000 and `claude-run port 3000` serves it on the printed loopback URL until it is stopped.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CliContext } from '../../src/cli/commands/context';
import { allowCommand, networkCommand } from '../../src/cli/commands/network';
import { portCommand, portsCommand } from '../../src/cli/commands/ports';
import { runCommand } from '../../src/cli/commands/run';
import { startCommand } from '../../src/cli/commands/start';
import { userConfigPath } from '../../src/main/config/paths';
import { LABELS } from '../../src/main/engine/labels';
import type { NetworkState, PortList } from '../../src/shared/schemas/network';
import { TEST_BASE_IMAGE, describeEachEngine } from '../helpers/engines';
import { Capture, type CliFixture, cliFixture } from './cli-fixture';

/** A one-connection-at-a-time HTTP server on the container's loopback port 3000. */
const SERVER = [
  'use IO::Socket::INET;',
  'my $s = IO::Socket::INET->new(LocalAddr => "127.0.0.1", LocalPort => 3000, Listen => 5, ReuseAddr => 1) or die "listen: $!";',
  'while (my $c = $s->accept) {',
  '  while (my $l = <$c>) { last if $l =~ /^\\r?$/ }',
  '  print $c "HTTP/1.1 200 OK\\r\\nContent-Length: 12\\r\\nConnection: close\\r\\n\\r\\nhello ports\\n";',
  '  close $c;',
  '}',
].join('\n');

/**
 * The agent: tries the denied host until the gateway answers (it starts with the session; a
 * refused connection to the proxy is not yet an answer), then serves port 3000.
 */
const AGENT = [
  'until curl -sS --max-time 20 -o /dev/null https://denied.example/ 2>&1 | grep -q 403; do sleep 0.5; done',
  `perl -e '${SERVER.replace(/'/g, `'\\''`)}' &`,
  'exec sleep infinity',
].join('\n');

const SLOW = { timeout: 300_000 };

describeEachEngine('claude-run network, allow, ports and port', (te) => {
  let f: CliFixture;
  let serving: Promise<number> | null = null;
  const stopServing = new AbortController();
  let startCtx: CliContext | null = null;

  const json = async <T>(fn: (ctx: CliContext) => Promise<number>): Promise<T> => {
    const r = await f.run(fn);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    return JSON.parse(r.stdout) as T;
  };

  /** A command run on the `claude-run start` process's core (the one serving the gateway). */
  const besideStarter = async (fn: (ctx: CliContext) => Promise<number>) => {
    const stdout = new Capture();
    const stderr = new Capture();
    const starter = startCtx!;
    const ctx = new (class extends CliContext {
      override getApi() {
        return starter.getApi();
      }
      override async dispose() {}
    })({
      io: { stdout, stderr, stdin: Readable.from(['']), env: f.env, cwd: f.repo },
      version: '0.0.0-test',
      homeDir: f.homeDir,
    });
    const code = await runCommand(ctx, fn);
    return { code, stdout: stdout.text, stderr: stderr.text };
  };

  beforeAll(async () => {
    f = await cliFixture(te);
    // The session's container carries the app's labels, not the fixture's scope label.
    f.env.CCR_SCOPE_LABEL = `${LABELS.repo}=${f.repo}`;
    const file = userConfigPath({ env: f.env, homeDir: f.homeDir, platform: process.platform });
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(
      file,
      JSON.stringify({
        dockerImage: TEST_BASE_IMAGE,
        buildImage: false,
        containerPrefix: 'ccr-it-cli-network',
        agent: { command: ['bash', '-c', AGENT] },
      }),
    );
  }, 300_000);

  afterAll(async () => {
    stopServing.abort();
    await serving?.catch(() => undefined);
    await startCtx?.dispose().catch(() => undefined);
    for (const c of await f.engine.listContainers({ [LABELS.repo]: f.repo }, { all: true }))
      await f.engine.removeContainer(c.id, { force: true }).catch(() => undefined);
    await f?.dispose();
  });

  it('starts an allowlist session from the flags and keeps serving it', SLOW, async () => {
    // `claude-run start` keeps running: it serves the session's gateway, as a user's would.
    startCtx = new CliContext({
      io: {
        stdout: new Capture(),
        stderr: new Capture(),
        stdin: Readable.from(['']),
        env: f.env,
        cwd: f.repo,
      },
      version: '0.0.0-test',
      homeDir: f.homeDir,
      // The web UI itself is not under test: a server that is never browsed.
      web: async () => ({ url: 'http://127.0.0.1:9/', close: async () => undefined }),
    });
    serving = startCommand(
      startCtx,
      { name: `net-${f.scope}`, network: 'allowlist', allow: ['allowed.example:443'] },
      stopServing.signal,
    );
    // Started once the session's record says running (a failed start rejects `serving`).
    await Promise.race([
      serving.then(() => {
        throw new Error(
          `start ended: ${(startCtx!.io.stderr as Capture).text}${(startCtx!.io.stdout as Capture).text}`,
        );
      }),
      expect
        .poll(() => (startCtx!.io.stdout as Capture).text, { timeout: 240_000, interval: 250 })
        .toMatch(/Session \S+ is running/),
    ]);
    expect((startCtx!.io.stderr as Capture).text).toContain(
      '[network] starting the network gateway',
    );
  });

  it('shows the denied curl with its process, and allow adds the host', SLOW, async () => {
    let state: NetworkState | undefined;
    await expect
      .poll(
        async () => {
          state = await json<NetworkState>((ctx) => networkCommand(ctx, undefined, { json: true }));
          return state.denied.length;
        },
        { timeout: 120_000, interval: 500 },
      )
      .toBeGreaterThan(0);
    expect(state!.policy).toEqual({
      egress: 'allowlist',
      allow: ['allowed.example:443'],
      presets: [],
    });
    // Its own core serves nothing; the record names the serving process, which is this one
    // here (in-process commands), so this core cannot tell it apart from a stale record.
    expect(['serving', 'waiting']).toContain(state!.gateway);
    expect(state!.denied[0]).toMatchObject({
      host: 'denied.example',
      port: 443,
      reason: 'not-allowed',
    });
    expect(state!.denied[0]!.process).toMatch(/^curl/);

    // Asked through the serving core (as a separate `claude-run network` process would see it).
    const text = await besideStarter((ctx) => networkCommand(ctx, undefined, {}));
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('Network: allowlist');
    expect(text.stdout).toContain('  allow: allowed.example:443');
    expect(text.stdout).toMatch(/Gateway: serving/);
    expect(text.stdout).toMatch(
      /\d\d:\d\d:\d\d {2}denied\.example:443 {2}curl( \(pid \d+\))? {2}not on the allowlist\n/,
    );
    expect(text.stdout).toContain(`    claude-run allow denied.example ${state!.sessionId}\n`);

    const allow = await f.run((ctx) => allowCommand(ctx, 'Denied.Example', undefined, {}));
    expect(allow.code).toBe(0);
    expect(allow.stdout).toMatch(/^Allowed denied\.example for \S*net-\S+ \(this session only/);
    const after = await json<NetworkState>((ctx) => networkCommand(ctx, undefined, { json: true }));
    expect(after.sessionAllow).toEqual(['denied.example']);

    // --project: the user's own config keeps it for the folder; the repository is untouched.
    const project = await f.run((ctx) =>
      allowCommand(ctx, '*.registry.example', undefined, { project: true }),
    );
    expect(project.code).toBe(0);
    expect(project.stdout).toContain('and for later sessions of');
    const userFile = userConfigPath({
      env: f.env,
      homeDir: f.homeDir,
      platform: process.platform,
    });
    const saved = JSON.parse(readFileSync(userFile, 'utf8')) as {
      projectNetworkAllow?: Record<string, string[]>;
    };
    expect(Object.values(saved.projectNetworkAllow ?? {}).flat()).toContain('*.registry.example');
    expect(execFileSync('git', ['-C', f.repo, 'status', '--porcelain'], { encoding: 'utf8' })).toBe(
      '',
    );

    const bad = await f.run((ctx) => allowCommand(ctx, 'https://denied.example/', undefined, {}));
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(
      /^error: the host "https:\/\/denied\.example\/" is not a host pattern/,
    );
  });

  it('lists the agent’s server and serves it on the printed URL until stopped', SLOW, async () => {
    await expect
      .poll(
        async () =>
          (await json<PortList>((ctx) => portsCommand(ctx, undefined, { json: true }))).ports,
        { timeout: 120_000, interval: 500 },
      )
      .toContainEqual(expect.objectContaining({ port: 3000, process: 'perl' }));
    const listed = await f.run((ctx) => portsCommand(ctx, undefined, {}));
    expect(listed.stdout).toContain('3000 · perl\n');

    const out = new Capture();
    const err = new Capture();
    const ctx = new CliContext({
      io: { stdout: out, stderr: err, stdin: Readable.from(['']), env: f.env, cwd: f.repo },
      version: '0.0.0-test',
      homeDir: f.homeDir,
    });
    const stop = new AbortController();
    const forwarding = portCommand(ctx, 3000, undefined, stop.signal).finally(() => ctx.dispose());
    let url = '';
    try {
      await expect
        .poll(
          () => {
            url =
              /^(http:\/\/127\.0\.0\.1:\d+\/) → container port 3000 \(Ctrl-C to stop\)\n$/.exec(
                out.text,
              )?.[1] ?? '';
            return url;
          },
          { timeout: 60_000, interval: 100 },
        )
        .not.toBe('');
      const res = await fetch(url);
      expect(res.status).toBe(200);
      expect(await res.text()).toBe('hello ports\n');
    } finally {
      stop.abort();
    }
    expect(await forwarding).toBe(0);
    expect(err.text).toContain('Stopped forwarding container port 3000.');
    // The forward ended with the command: nothing answers on its port any more.
    await expect(fetch(url)).rejects.toThrow();
  });
});
