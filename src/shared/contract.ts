/**
 * The one API contract between the main process (or the headless web server) and any
 * renderer. Every request/response method and every event is declared here, once, with its
 * zod schemas. Transports (Electron IPC, WebSocket, in-process) are generated from these two
 * tables, so no channel name is ever written twice.
 *
 * To add a method: put its payload schemas in `schemas/<domain>.ts`, add one line to `methods`,
 * implement it in the domain's handler factory in src/main/<domain>/handlers.ts.
 */
import { z } from 'zod';
import * as app from './schemas/app';
import * as claudeLogin from './schemas/claude-login';
import * as commits from './schemas/commits';
import * as config from './schemas/config';
import * as credentials from './schemas/credentials';
import * as engine from './schemas/engine';
import * as image from './schemas/image';
import * as mcp from './schemas/mcp';
import * as merge from './schemas/merge';
import * as network from './schemas/network';
import * as review from './schemas/review';
import * as session from './schemas/session';
import * as sessionResume from './schemas/session-resume';
import * as forge from './schemas/forge';
import * as terminal from './schemas/terminal';
import * as userConfig from './schemas/user-config';
import * as usage from './schemas/usage';

/**
 * `heavy`: the call costs real work (git over a whole branch, diffs). The dispatch bounds how
 * many of these run at once across all clients, so cheap calls stay answered during a flood.
 */
const method = <I extends z.ZodType, O extends z.ZodType>(
  input: I,
  output: O,
  cost: { heavy?: boolean } = {},
) => ({
  input,
  output,
  heavy: cost.heavy === true,
});
const HEAVY = { heavy: true };
const Empty = z.object({}).strict();

export const methods = {
  getEngineStatus: method(
    z.object({ projectDir: z.string().min(1).optional() }).strict(),
    engine.EngineStatus,
  ),
  readConfig: method(z.object({ projectDir: z.string().min(1) }).strict(), config.ConfigReadResult),
  validateConfig: method(
    z.object({ projectDir: z.string().min(1), text: z.string().max(1_000_000) }).strict(),
    config.ConfigValidation,
  ),
  /** The user-level config file's text and sha256, for the Settings editor. */
  readUserConfig: method(Empty, userConfig.UserConfigText),
  /** Validated like a loaded file, written atomically, refused if the file changed since read. */
  writeUserConfig: method(userConfig.WriteUserConfigInput, userConfig.WriteUserConfigResult),
  getCredentialsReport: method(
    z.object({ projectDir: z.string().min(1) }).strict(),
    credentials.CredentialReport,
  ),
  getAppInfo: method(Empty, z.object({ version: z.string(), mode: z.enum(['electron', 'web']) })),
  pickFolder: method(Empty, app.PickFolderResult),
  openFolder: method(app.OpenFolderInput, app.OpenFolderResult),
  getRecentFolders: method(Empty, app.RecentFolders),
  openExternal: method(app.OpenExternalInput, Empty),
  takeOpenFolderRequests: method(Empty, app.OpenFolderRequests),
  listTerminals: method(terminal.ListTerminalsInput, terminal.TerminalList),
  openTerminal: method(terminal.OpenTerminalInput, terminal.TerminalInfo),
  closeTerminal: method(terminal.TerminalRef, terminal.Ok),
  writeTerminal: method(terminal.WriteTerminalInput, terminal.Ok),
  resizeTerminal: method(terminal.ResizeTerminalInput, terminal.Ok),
  attachTerminal: method(terminal.AttachTerminalInput, terminal.TerminalSnapshot),
  detachTerminal: method(terminal.DetachTerminalInput, terminal.Ok),
  ackTerminal: method(terminal.AckTerminalInput, terminal.Ok),
  scrollTerminal: method(terminal.ScrollTerminalInput, terminal.ScrollTerminalResult),
  listCommits: method(commits.ListCommitsInput, commits.CommitList, HEAVY),
  getCommitDiff: method(commits.GetCommitDiffInput, commits.DiffSummary, HEAVY),
  getRangeDiff: method(commits.GetRangeDiffInput, commits.DiffSummary, HEAVY),
  getSessionDiff: method(commits.GetSessionDiffInput, commits.DiffSummary, HEAVY),
  getFileDiff: method(commits.GetFileDiffInput, commits.FileDiff, HEAVY),
  getFileImage: method(commits.GetFileImageInput, commits.FileImage, HEAVY),
  acceptRewrite: method(commits.AcceptRewriteInput, commits.AcceptRewriteResult, HEAVY),
  pushBranch: method(forge.PushInput, forge.PushResult),
  getPullRequestDraft: method(forge.PrDraftInput, forge.PrDraft, HEAVY),
  createPullRequest: method(forge.CreatePrInput, forge.PrResult),
  /** Review comments (drafts until sent) and the message they make for the agent. */
  getReview: method(review.GetReviewInput, review.ReviewState),
  addReviewComment: method(review.AddReviewCommentInput, review.ReviewComment, HEAVY),
  updateReviewComment: method(review.UpdateReviewCommentInput, review.ReviewComment),
  deleteReviewComment: method(review.DeleteReviewCommentInput, review.ReviewState),
  composeReview: method(review.ComposeReviewInput, review.ComposedReview),
  sendReview: method(review.SendReviewInput, review.SendReviewResult),
  cancelQueuedReview: method(review.CancelQueuedReviewInput, review.ReviewState),
  /** The review's "viewed" checkmarks, per commit (or range, or the whole session). */
  getViewedMarks: method(review.GetViewedMarksInput, review.ViewedMarks),
  setViewedMarks: method(review.SetViewedMarksInput, review.ViewedMarks),
  /** Bringing the work home without touching the user's checkout. */
  previewMerge: method(merge.MergePreviewInput, merge.MergePreview, HEAVY),
  mergeSession: method(merge.MergeSessionInput, merge.MergeResult, HEAVY),
  updateCheckout: method(merge.UpdateCheckoutInput, merge.UpdateCheckoutResult, HEAVY),
  requestRebase: method(merge.RequestRebaseInput, merge.RequestRebaseResult, HEAVY),
  discardSession: method(merge.DiscardSessionInput, merge.DiscardSessionResult),
  getSessionGitState: method(merge.GetSessionGitStateInput, merge.SessionGitState, HEAVY),
  startSession: method(session.StartSessionInput, session.SessionInfo),
  /** The network policy a new session in a folder would get (the start panel shows it). */
  getNetworkPlan: method(network.NetworkPlanInput, network.NetworkPlan),
  getNetworkState: method(network.NetworkStateInput, network.NetworkState),
  allowHost: method(network.AllowHostInput, network.NetworkState),
  listPorts: method(network.ListPortsInput, network.PortList),
  forwardPort: method(network.ForwardPortInput, network.ForwardedPort),
  closePort: method(network.ForwardPortInput, network.PortList),
  /** The folder's project config settings that wait for the user's trust (null: none). */
  checkProjectConfig: method(session.ProjectConfigCheck, session.ProjectConfigTrust),
  listSessions: method(Empty, session.SessionList),
  getSession: method(session.SessionRef, session.SessionInfo),
  stopSession: method(session.SessionRef, session.SessionInfo),
  // Issue 15 C: resume, restart fresh, fork, export.
  restartSession: method(sessionResume.RestartSessionInput, session.SessionInfo),
  forkSession: method(sessionResume.ForkSessionInput, session.SessionInfo),
  exportConversation: method(
    sessionResume.ExportConversationInput,
    sessionResume.ExportConversationResult,
    HEAVY,
  ),
  removeSession: method(session.RemoveSessionInput, session.SessionInfo),
  initRepo: method(session.InitRepoInput, session.InitRepoResult),
  getHostTrustStore: method(Empty, image.HostTrustStore),
  /** Claude login sync (issue 15 A): the host login and each running session's copy. */
  getLoginSync: method(Empty, claudeLogin.LoginSyncReport),
  // Usage (issue 15 B): tokens and estimated cost per session, and today's total.
  getUsage: method(usage.GetUsageInput, usage.UsageReport),
  /** MCP servers (issue 15 D): the user's own, offered per project; values never sent. */
  listMcpServers: method(mcp.ListMcpServersInput, mcp.McpServerList),
  setProjectMcpServers: method(mcp.SetProjectMcpServersInput, mcp.McpServerList),
} as const;

export const events = {
  engineStatusChanged: engine.EngineStatus,
  uiCommand: app.UiCommand,
  openFolderRequest: app.OpenFolderRequest,
  terminalOutput: terminal.TerminalOutput,
  terminalExit: terminal.TerminalExit,
  terminalResized: terminal.TerminalResized,
  terminalsChanged: terminal.TerminalsChanged,
  sessionAttention: terminal.SessionAttention,
  commitDetected: commits.CommitDetected,
  commitImported: commits.CommitImported,
  branchRewritten: commits.BranchRewritten,
  commitError: commits.CommitError,
  pushed: forge.Pushed,
  prCreated: forge.PrCreated,
  reviewChanged: review.ReviewChanged,
  viewedChanged: review.ViewedChanged,
  /** A session's branch moved on the host by a merge (or was deleted by a discard). */
  sessionMerged: merge.MergeResult,
  sessionStatus: session.SessionInfo,
  /** The gateway refused a connection of a session's container. */
  networkDenied: network.NetworkDenied,
  sessionProgress: session.SessionProgress,
  sessionLog: session.SessionLog,
  sessionStoreProblem: session.StoreProblem,
  /** A Claude login copy was written to the host store or into a session (issue 15 A). */
  loginSynced: claudeLogin.LoginSynced,
  /** A session's usage figures changed (new transcript lines in its container). */
  usageChanged: usage.UsageChanged,
} as const;

export type Methods = typeof methods;
export type MethodName = keyof Methods;
/** What a caller passes (before defaults are applied). */
export type MethodInput<M extends MethodName> = z.input<Methods[M]['input']>;
/** What a handler receives (after validation and defaults). */
export type MethodParsedInput<M extends MethodName> = z.output<Methods[M]['input']>;
export type MethodOutput<M extends MethodName> = z.output<Methods[M]['output']>;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.output<Events[E]>;

export const methodNames = Object.keys(methods) as MethodName[];
export const eventNames = Object.keys(events) as EventName[];

export function isHeavyMethod(name: MethodName): boolean {
  return methods[name].heavy;
}

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(methods, name);
}

/** `sessionStatus` → `onSessionStatus`: the subscription name a client exposes. */
export type SubscriptionName<E extends EventName> = `on${Capitalize<E>}`;
export function subscriptionName<E extends EventName>(event: E): SubscriptionName<E> {
  return `on${event[0]!.toUpperCase()}${event.slice(1)}` as SubscriptionName<E>;
}

/** Electron IPC channel names, derived, never written by hand. */
export const ipcChannel = {
  method: (name: MethodName) => `ccr:m:${name}`,
  event: (name: EventName) => `ccr:e:${name}`,
};

/** What a renderer sees: one async function per method, one subscription per event. */
export type Api = { [M in MethodName]: (input: MethodInput<M>) => Promise<MethodOutput<M>> } & {
  [E in EventName as SubscriptionName<E>]: (
    listener: (payload: EventPayload<E>) => void,
  ) => () => void;
};

/** What the main process implements. */
export type Handlers = {
  [M in MethodName]: (
    input: MethodParsedInput<M>,
    ctx: CallContext,
  ) => Promise<z.input<Methods[M]['output']>>;
};

export interface CallContext {
  /** Which binding the call came through, for logs. */
  transport: 'ipc' | 'ws' | 'local';
  /** Aborted when the caller goes away (window closed, socket dropped). */
  signal: AbortSignal;
}

/** Errors cross every transport in this shape. `hint` says what the user can do. */
export const ApiErrorPayload = z.object({
  code: z.string(),
  message: z.string(),
  hint: z.string().optional(),
});
export type ApiErrorPayload = z.infer<typeof ApiErrorPayload>;

/** Upper bound for one incoming message on any transport. */
export const MAX_MESSAGE_BYTES = 4 * 1024 * 1024;
