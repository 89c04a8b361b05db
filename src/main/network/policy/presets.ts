/**
 * The documented host lists behind each network preset (docs/network.md lists them too). A
 * preset allows what its tools need to download and, for forges, to fetch and push over https:
 * no more. Wildcards are used only where the service itself spreads over subdomains of a name it
 * alone owns; never over a shared cloud domain, since `*.amazonaws.com` or `*.googleapis.com`
 * would also allow every storage bucket in the world (anyone's, so an exfiltration path).
 */
import type { NetworkPreset } from '../../../shared/schemas/network-policy';

/**
 * AWS regions with Amazon Bedrock runtime endpoints (commercial and GovCloud). The runtime host
 * is `bedrock-runtime.<region>.amazonaws.com`; a wildcard in the middle of a name does not
 * exist in the pattern language, and `*.amazonaws.com` is far too wide (see above), so regions
 * are listed. A region missing here can be added with `allow` (agentApiHosts adds the one in
 * AWS_REGION by itself).
 */
export const BEDROCK_REGIONS = [
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'us-gov-east-1',
  'us-gov-west-1',
  'ca-central-1',
  'sa-east-1',
  'mx-central-1',
  'eu-central-1',
  'eu-central-2',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'eu-north-1',
  'eu-south-1',
  'eu-south-2',
  'il-central-1',
  'me-central-1',
  'me-south-1',
  'af-south-1',
  'ap-east-2',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ap-south-1',
  'ap-south-2',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-southeast-3',
  'ap-southeast-4',
  'ap-southeast-5',
  'ap-southeast-7',
] as const;

/** The Bedrock hosts of one region: runtime (inference), control plane, and STS for roles. */
export function bedrockHosts(region: string): string[] {
  return [
    `bedrock-runtime.${region}.amazonaws.com`,
    `bedrock-runtime-fips.${region}.amazonaws.com`,
    `bedrock.${region}.amazonaws.com`,
    `sts.${region}.amazonaws.com`,
  ];
}

/** Google Cloud regions where Vertex AI serves Claude models, plus a few common ones. */
export const VERTEX_REGIONS = [
  'us-central1',
  'us-east1',
  'us-east4',
  'us-east5',
  'us-south1',
  'us-west1',
  'us-west4',
  'northamerica-northeast1',
  'southamerica-east1',
  'europe-west1',
  'europe-west2',
  'europe-west3',
  'europe-west4',
  'europe-west6',
  'europe-west8',
  'europe-west9',
  'europe-north1',
  'europe-southwest1',
  'asia-east1',
  'asia-northeast1',
  'asia-northeast3',
  'asia-south1',
  'asia-southeast1',
  'australia-southeast1',
  'me-central2',
] as const;

/** The Vertex endpoint of one region (`global` is the region-less endpoint). */
export function vertexHost(region: string): string {
  return region === 'global' ? 'aiplatform.googleapis.com' : `${region}-aiplatform.googleapis.com`;
}

/** Google's token endpoints: refreshing user, service-account and workload-identity tokens. */
export const GOOGLE_AUTH_HOSTS = [
  'oauth2.googleapis.com',
  'sts.googleapis.com',
  'iamcredentials.googleapis.com',
];

/** What Claude Code needs with Anthropic credentials: the API and logging in. */
export const ANTHROPIC_HOSTS = [
  'api.anthropic.com',
  'console.anthropic.com',
  'statsig.anthropic.com',
  'claude.ai',
  'platform.claude.com',
];

export const PRESET_HOSTS: Record<NetworkPreset, string[]> = {
  anthropic: ANTHROPIC_HOSTS,
  bedrock: [...BEDROCK_REGIONS.flatMap(bedrockHosts), 'sts.amazonaws.com'],
  vertex: [vertexHost('global'), ...VERTEX_REGIONS.map(vertexHost), ...GOOGLE_AUTH_HOSTS],
  github: [
    'github.com',
    'api.github.com',
    'codeload.github.com',
    'uploads.github.com',
    'objects.githubusercontent.com',
    'raw.githubusercontent.com',
    'release-assets.githubusercontent.com',
    'github-releases.githubusercontent.com',
    // Git LFS objects.
    'media.githubusercontent.com',
    'github-cloud.githubusercontent.com',
  ],
  // GitLab.com serves git over https, the API, archives, releases and packages on one name.
  gitlab: ['gitlab.com'],
  npm: [
    'registry.npmjs.org',
    // Yarn 1's default registry (a mirror of npm's) and Yarn 2+'s own releases.
    'registry.yarnpkg.com',
    'repo.yarnpkg.com',
    // node-gyp downloads Node's headers to build native modules.
    'nodejs.org',
  ],
  pypi: ['pypi.org', 'files.pythonhosted.org'],
  crates: [
    'crates.io',
    'index.crates.io',
    'static.crates.io',
    // rustup's toolchains (rust-toolchain.toml pins one).
    'static.rust-lang.org',
  ],
  go: [
    'proxy.golang.org',
    'sum.golang.org',
    // Vanity import paths (golang.org/x/…) and the toolchain pages `go` reads.
    'golang.org',
    'go.dev',
  ],
  debian: ['deb.debian.org', 'security.debian.org'],
  ubuntu: [
    'archive.ubuntu.com',
    // Country mirrors: us.archive.ubuntu.com, de.archive.ubuntu.com, …
    '*.archive.ubuntu.com',
    'security.ubuntu.com',
    'ports.ubuntu.com',
  ],
};

/** The host patterns of some presets, in order, without repeats. */
export function presetHosts(presets: readonly NetworkPreset[]): string[] {
  return [...new Set(presets.flatMap((p) => PRESET_HOSTS[p]))];
}
