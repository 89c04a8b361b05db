/**
 * The network boundary of a session: its egress policy (open, none, host, a named network, or
 * an allowlist enforced by the app's gateway), the attempts the gateway denied, the user's
 * "allow" answers, and the TCP ports processes in the container listen on, which the app can
 * forward to a loopback port on the user's machine.
 */
import { z } from 'zod';
import { HostPattern, NetworkPolicy, NetworkPreset } from './network-policy';
import { SessionId } from './session';

export * from './network-policy';

/** The policy a new session in this folder would get, and why (shown in the start panel). */
export const NetworkPlanInput = z.object({ folder: z.string().min(1).max(4096) }).strict();
export const NetworkPlan = z.object({
  policy: NetworkPolicy,
  /** Presets suggested by the project (package.json → npm, …) and the forge of its remote. */
  detected: z.array(NetworkPreset),
  /** Host patterns each preset allows, for display. */
  presetHosts: z.record(z.string(), z.array(z.string())),
  /** Where the policy came from: the user config, the project config, or the detection. */
  source: z.enum(['user', 'project', 'detected']),
});
export type NetworkPlan = z.infer<typeof NetworkPlan>;

export const DeniedAttempt = z.object({
  /** ISO time. */
  at: z.string(),
  host: z.string(),
  port: z.number().int().min(0).max(65535),
  /** Why: not on the allowlist, a private address, or not a proxy request at all. */
  reason: z.enum(['not-allowed', 'private-address', 'bad-request']),
  /** The process in the container that tried, when it could be found. */
  process: z.string().optional(),
});
export type DeniedAttempt = z.infer<typeof DeniedAttempt>;

export const NetworkStateInput = z.object({ sessionId: SessionId }).strict();
export const NetworkState = z.object({
  sessionId: SessionId,
  policy: NetworkPolicy,
  /** Host patterns allowed for this session only (its "Allow for this session" answers). */
  sessionAllow: z.array(z.string()),
  /** Whether a gateway serves the session now (allowlist sessions have no network without). */
  gateway: z.enum(['serving', 'waiting', 'off']),
  /** Newest first, at most 200. */
  denied: z.array(DeniedAttempt),
});
export type NetworkState = z.infer<typeof NetworkState>;

export const AllowHostInput = z
  .object({
    sessionId: SessionId,
    pattern: HostPattern,
    /** 'session': this session only; 'project': the user-level config for this folder too. */
    scope: z.enum(['session', 'project']),
  })
  .strict();

export const NetworkDenied = z.object({ sessionId: SessionId, attempt: DeniedAttempt });
export type NetworkDenied = z.infer<typeof NetworkDenied>;

export const ListeningPort = z.object({
  port: z.number().int().min(1).max(65535),
  /** The listening process's name, when it could be read. */
  process: z.string().optional(),
  /** Set while forwarded: the loopback port on the user's machine. */
  hostPort: z.number().int().min(1).max(65535).optional(),
});
export type ListeningPort = z.infer<typeof ListeningPort>;

export const ListPortsInput = z.object({ sessionId: SessionId }).strict();
export const PortList = z.object({ sessionId: SessionId, ports: z.array(ListeningPort) });
export type PortList = z.infer<typeof PortList>;

export const ForwardPortInput = z
  .object({ sessionId: SessionId, port: z.number().int().min(1).max(65535) })
  .strict();
export const ForwardedPort = z.object({
  sessionId: SessionId,
  port: z.number().int(),
  hostPort: z.number().int(),
  /** http://127.0.0.1:<hostPort>/ */
  url: z.string(),
});
export type ForwardedPort = z.infer<typeof ForwardedPort>;
