/**
 * Session payloads that cross the contract: the session record as the UI sees it, the start
 * request and the three session events. The store on disk uses the same SessionInfo shape
 * (plus a schema version around it), so a record survives app restarts unchanged.
 */
import { z } from 'zod';
import { UntrustedConfig } from './config';
import { EngineKind } from './engine';
import { McpServerName, SessionMcp } from './mcp';
import { NetworkPolicy } from './network-policy';

export const SESSION_SCHEMA_VERSION = 1;

export const SessionStatus = z.enum([
  'starting',
  'running',
  'stopped',
  'failed',
  'gone',
  'unknown',
]);
export type SessionStatus = z.infer<typeof SessionStatus>;

export const SessionId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'a session id is lowercase letters, digits and dashes');

/** A process on a machine (pid reuse told apart by its start time where the OS reports one). */
export const ProcessRef = z.object({
  pid: z.number().int().positive(),
  host: z.string().max(256),
  since: z.string().max(64).optional(),
});
export type ProcessRef = z.infer<typeof ProcessRef>;

export const SessionInfo = z.object({
  schemaVersion: z.literal(SESSION_SCHEMA_VERSION),
  id: SessionId,
  /** Short human name (also the container name suffix). */
  name: z.string(),
  /** Absolute path of the user's repository (work tree root). */
  folder: z.string(),
  /** The session branch, e.g. claude/2026-11-26-170501. */
  branch: z.string(),
  /**
   * Where the agent's work starts (the base of the review, merge and pull request): the user's
   * HEAD commit, or the startingPoint commit when there were uncommitted edits.
   */
  baseCommit: z.string().nullable(),
  /**
   * The user's uncommitted edits at start, as one commit on the session branch authored as the
   * user ("Uncommitted changes at session start"), and its parent (the user's HEAD then).
   * Absent when the work tree was clean.
   */
  startingPoint: z.object({ commit: z.string(), userHead: z.string() }).optional(),
  /**
   * The user's branch when the session started (the default target of "Merge into…");
   * absent on a detached HEAD and on records made before it was kept.
   */
  baseBranch: z.string().optional(),
  engine: z.object({ address: z.string(), kind: EngineKind }),
  containerId: z.string().nullable(),
  containerName: z.string(),
  image: z.string(),
  /** The explicit config file the session was started with, if any (used again on restart). */
  configPath: z.string().optional(),
  /** The user the agent runs as inside the container ("" = the image's default). */
  containerUser: z.string(),
  status: SessionStatus,
  /**
   * The process running the start while status is 'starting': another process sharing the
   * data dir leaves the record alone while that process lives.
   */
  startedBy: ProcessRef.optional(),
  /** The MCP servers written into its Claude config, and those whose command was missing. */
  mcp: SessionMcp.optional(),
  /** Why the session failed or is unknown; never holds a secret. */
  error: z
    .object({ code: z.string(), message: z.string(), hint: z.string().optional() })
    .optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type SessionInfo = z.infer<typeof SessionInfo>;

export const StartSessionInput = z
  .object({
    folder: z.string().min(1).max(4096),
    /** Branch name to create (checked with git check-ref-format); default claude/<date-time>. */
    name: z.string().min(1).max(200).optional(),
    /** Initial prompt passed to the agent as its last argument. */
    prompt: z.string().max(100_000).optional(),
    /** Explicit config file instead of the project's / user's. */
    configPath: z.string().min(1).max(4096).optional(),
    /**
     * A project config file that is not trusted: 'ignore' starts without its powerful settings;
     * { trust: sha256 } trusts it when its content still has that hash (what the user saw).
     */
    /** The network policy chosen in the start panel (overrides the configs' `network`). */
    network: NetworkPolicy.optional(),
    /** This start's MCP servers (names from listMcpServers); absent: the project's choice. */
    mcpServers: z.array(McpServerName).max(200).optional(),
    projectConfig: z
      .union([
        z.literal('ignore'),
        z.object({ trust: z.string().regex(/^[0-9a-f]{64}$/) }).strict(),
      ])
      .optional(),
  })
  .strict();

export const ProjectConfigCheck = z.object({ folder: z.string().min(1).max(4096) }).strict();
export const ProjectConfigTrust = z.object({ untrusted: UntrustedConfig.nullable() });

export const SessionRef = z.object({ id: SessionId }).strict();

export const RemoveSessionInput = z
  .object({
    id: SessionId,
    /** Remove even when the container cannot be stopped cleanly. */ force: z.boolean().optional(),
  })
  .strict();

/** The session store was unreadable and moved aside: where it went and why. */
export const StoreProblem = z.object({ movedTo: z.string(), message: z.string() });
export type StoreProblem = z.infer<typeof StoreProblem>;

export const SessionList = z.object({
  sessions: z.array(SessionInfo),
  storeProblem: StoreProblem.optional(),
});
export type SessionList = z.infer<typeof SessionList>;

export const InitRepoInput = z.object({ folder: z.string().min(1).max(4096) }).strict();
export const InitRepoResult = z.object({ folder: z.string(), created: z.boolean() });

export const SessionPhase = z.enum([
  'checking',
  'snapshot',
  'image',
  'container',
  'workspace',
  'credentials',
  'network',
  'setup',
  'agent',
  'reconcile',
]);
export type SessionPhase = z.infer<typeof SessionPhase>;

export const SessionProgress = z.object({
  sessionId: SessionId,
  phase: SessionPhase,
  message: z.string(),
  current: z.number().optional(),
  total: z.number().optional(),
});
export type SessionProgress = z.infer<typeof SessionProgress>;

export const SessionLog = z.object({
  sessionId: SessionId,
  stream: z.enum(['stdout', 'stderr', 'system']),
  text: z.string(),
});
export type SessionLog = z.infer<typeof SessionLog>;
