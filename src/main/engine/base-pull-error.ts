/**
 * A build that fails because its base image cannot be pulled (offline, a proxy or TLS
 * inspection in the way, Docker Hub's pull limits) is not a Dockerfile mistake: the error names
 * the base image and the registry, says which of those it was, and lists the fixes that work
 * for this Dockerfile, instead of "fix the Dockerfile step".
 */
import { AppError } from '../../shared/errors';
import { HUB_REGISTRY, registryOfRef } from './registry-auth-ref';

export type PullProblem = 'offline' | 'proxy' | 'tls' | 'rate-limit' | 'not-found';

const PATTERNS: readonly [PullProblem, RegExp][] = [
  ['rate-limit', /toomanyrequests|rate limit|pull rate/i],
  ['proxy', /proxyconnect|proxy error|proxy authentication required|\b407\b/i],
  [
    'tls',
    /x509|certificate signed by unknown authority|tls: failed to verify|certificate is not valid/i,
  ],
  [
    'offline',
    /no such host|dial tcp|i\/o timeout|network is unreachable|connection refused|connection reset|temporary failure in name resolution|TLS handshake timeout|context deadline exceeded|server misbehaving/i,
  ],
  [
    'not-found',
    /manifest unknown|not found: manifest|manifest for .* not found|repository does not exist|name unknown/i,
  ],
];

/** What kind of pull failure an engine message describes, or null when it is not one. */
export function classifyPullFailure(text: string): PullProblem | null {
  for (const [problem, re] of PATTERNS) if (re.test(text)) return problem;
  return null;
}

/** The host an engine really contacts for a registry (Docker Hub's API lives elsewhere). */
function registryAddress(registry: string): string {
  return registry === HUB_REGISTRY ? 'registry-1.docker.io (Docker Hub)' : registry;
}

const WHY: Record<PullProblem, string> = {
  offline: 'the engine could not reach it (no network, DNS, or a firewall)',
  proxy: 'the proxy between the engine and the registry refused the connection',
  tls: "the engine did not trust the registry's certificate (a TLS-inspecting proxy or a private CA)",
  'rate-limit':
    'the registry refused the pull: its pull limit for anonymous or free users is reached',
  'not-found': 'the registry has no such image or tag',
};

/** Where each engine takes the proxy for its own pulls (not the containers' proxy). */
const PROXY_FIX: Record<string, string> = {
  docker:
    'give the Docker daemon your proxy ("proxies" in /etc/docker/daemon.json, HTTPS_PROXY in the docker service\'s environment, or Docker Desktop: Settings → Resources → Proxies) and retry',
  podman:
    'give Podman your proxy (HTTPS_PROXY in the environment podman runs in; with podman machine, inside the machine) and retry',
};

/**
 * The error for a build whose base image could not be pulled, or null when the failure is
 * something else (then the Dockerfile step's own message stands).
 * @param pulled the FROM images the engine did not have, so had to pull
 * @param recipe the Dockerfile text (whether it takes ARG BASE_IMAGE decides one of the fixes)
 */
export function basePullError(
  tag: string,
  failure: string,
  pulled: readonly string[],
  recipe: string,
  engineName: string,
): AppError | null {
  if (pulled.length === 0) return null;
  const problem = classifyPullFailure(failure);
  if (!problem) return null;
  // The failing base: the one the message names, else the first that had to be pulled.
  const ref =
    pulled.find((r) => failure.includes(r) || failure.includes(r.split(':')[0]!)) ?? pulled[0]!;
  const registry = registryAddress(registryOfRef(ref));
  const fixes: string[] = [];
  if (problem === 'offline' || problem === 'proxy') {
    fixes.push(`if you are behind a proxy: ${PROXY_FIX[engineName] ?? PROXY_FIX.docker!}`);
  }
  if (problem === 'tls') {
    const dir = engineName === 'podman' ? '/etc/containers/certs.d' : '/etc/docker/certs.d';
    fixes.push(
      `make the engine trust your proxy's CA (${dir}/<registry>/ca.crt, or the system's CA store) and set extraCaCertificates for the build's own downloads`,
    );
  }
  if (problem === 'rate-limit') {
    fixes.push(`log in to Docker Hub with your engine (\`${engineName} login\`) and retry`);
  }
  if (problem === 'not-found') fixes.push(`check the image name and tag of ${ref}`);
  fixes.push(`pull ${ref} once where it works and load it (\`${engineName} load\`), then retry`);
  if (/^\s*ARG\s+BASE_IMAGE\b/im.test(recipe)) {
    fixes.push(
      'or build on a base you have or can reach: "baseImage": "<your mirror or a local Debian bookworm image>" in the config (sets BASE_IMAGE)',
    );
  }
  fixes.push('or use an image you already have: "dockerImage": "<image>" in the config');
  return new AppError(
    'base-image-pull-failed',
    `building ${tag} failed: the base image ${ref} could not be pulled from ${registry}: ${WHY[problem]}. The engine said: ${failure}`,
    fixes.join('; '),
  );
}
