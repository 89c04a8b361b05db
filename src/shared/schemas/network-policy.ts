/**
 * A session's network policy (the `network` config key and the start panel's choice): open,
 * none, host, a named engine network, or an allowlist the app's gateway enforces. Kept apart
 * from network.ts so the session schemas can use it without an import cycle.
 */
import { z } from 'zod';

/**
 * One allowlist entry: a host name, a `*.` wildcard over its subdomains (not the name itself),
 * or an IP literal, with an optional `:port`. Without a port, 80 and 443 are allowed.
 */
export const HostPattern = z
  .string()
  .trim()
  .toLowerCase()
  .min(1)
  .max(260)
  .regex(
    /^(\*\.)?(?:[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?\.)*[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?(?::\d{1,5})?$|^\[[0-9a-f:.]+\](?::\d{1,5})?$/,
    { error: 'expected a host name, *.domain or an IP address, with an optional :port' },
  );

export const NETWORK_PRESETS = [
  'anthropic',
  'bedrock',
  'vertex',
  'github',
  'gitlab',
  'npm',
  'pypi',
  'crates',
  'go',
  'debian',
  'ubuntu',
] as const;
export const NetworkPreset = z.enum(NETWORK_PRESETS);
export type NetworkPreset = z.infer<typeof NetworkPreset>;

/** The allowlist form of the `network` config key. */
export const AllowlistPolicy = z
  .object({
    egress: z.literal('allowlist'),
    allow: z.array(HostPattern).max(500).default([]),
    presets: z.array(NetworkPreset).max(NETWORK_PRESETS.length).default([]),
  })
  .strict();
export type AllowlistPolicy = z.infer<typeof AllowlistPolicy>;

/**
 * What a session's network is: 'default' (the engine's bridge: open), 'none', 'host', a named
 * engine network, or an allowlist.
 */
export const NetworkPolicy = z.union([
  z
    .string()
    .min(1)
    .max(128)
    .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, { error: 'expected a network name' }),
  AllowlistPolicy,
]);
export type NetworkPolicy = z.infer<typeof NetworkPolicy>;
