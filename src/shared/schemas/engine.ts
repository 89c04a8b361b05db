import { z } from 'zod';

export const EngineKind = z.enum(['docker', 'podman']);
export type EngineKind = z.infer<typeof EngineKind>;

/** One place the engine layer looked for a socket, and why it was not used. */
export const EngineAttempt = z.object({
  source: z.string(), // e.g. "DOCKER_HOST", "config dockerSocketPath", "docker socket"
  address: z.string(),
  error: z.string().optional(),
});

export const EngineStatus = z.discriminatedUnion('reachable', [
  z.object({
    reachable: z.literal(true),
    kind: EngineKind,
    version: z.string(),
    apiVersion: z.string(),
    address: z.string(),
    source: z.string(),
    os: z.string(),
    arch: z.string(),
    rootless: z.boolean(),
    attempts: z.array(EngineAttempt),
  }),
  z.object({
    reachable: z.literal(false),
    message: z.string(),
    hint: z.string(),
    attempts: z.array(EngineAttempt),
    /** How to start an engine on the app's platform, one way per line (first-run screen). */
    startSteps: z.array(z.string()).optional(),
  }),
]);
export type EngineStatus = z.infer<typeof EngineStatus>;
