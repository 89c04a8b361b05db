/**
 * Every error code the app sends, one list per domain, merged into one union `ErrorCode`.
 * `AppError` takes only these, so a code thrown or matched with a typo does not compile
 * (the push bar once waited for a code the host never sent). The lists are values, not only
 * types, so a code that arrives over the wire can be checked (`isErrorCode`).
 *
 * Adding a code: put it in its domain's list. Removing one: the compiler shows who matched it.
 */

/** The transports themselves (a call that never reached a handler) and the web server. */
export const transportErrorCodes = [
  'unknown-method',
  'bad-request',
  'too-large',
  'forbidden',
  'busy',
  'cancelled',
  'internal',
  'bad-host',
  'port-in-use',
  'listen-failed',
  'remote-not-allowed',
  'link-used',
] as const;

/** The renderer's own client (WebSocket binding) when the host does not answer. */
export const clientErrorCodes = ['unauthorized', 'disconnected', 'timeout'] as const;

/** Host-side app services: folders, windows, links. */
export const appErrorCodes = [
  'unsupported',
  'invalid-folder',
  'folder-not-found',
  'unsafe-url',
] as const;

export const configErrorCodes = [
  'config-invalid',
  'config-unreadable',
  'config-too-large',
  'config-changed',
  'config-write-failed',
  'config-untrusted',
  'invalid-argument',
] as const;

export const engineErrorCodes = [
  'engine-unreachable',
  'engine-error',
  'container-not-found',
  'image-not-found',
  'disk-limit-unsupported',
  'base-image-pull-failed',
  'build-failed',
  'pull-failed',
  'aborted',
] as const;

export const imageErrorCodes = ['ca-certificate-invalid', 'image-recipe-missing'] as const;

export const sessionErrorCodes = [
  'session-not-found',
  'session-not-running',
  'session-gone',
  'session-exists',
  'session-removed',
  'session-start-failed',
  'branch-taken',
  'branch-exists',
  'invalid-mount',
  'engine-socket-mount-refused',
  'container-user-unknown',
  'invalid-file',
  'workspace-failed',
  'setup-command-failed',
  'conversation-too-large',
  'export-target-refused',
  'no-conversation',
  'fork-no-branch',
  'fork-failed',
  'agent-start-failed',
  /* Written into a session record by reconciliation, never thrown. */
  'container-gone',
  'start-interrupted',
] as const;

export const terminalErrorCodes = [
  'terminal-not-found',
  'terminal-unavailable',
  'terminal-scroll-failed',
] as const;

export const gitErrorCodes = [
  'git-failed',
  'git-missing',
  'git-output',
  'git-output-too-large',
  'git-identity-missing',
  'not-a-git-repo',
  'repo-no-commits',
  'invalid-branch',
  'invalid-branch-name',
  'snapshot-changed',
  'file-not-in-diff',
  'diff-too-large',
  'not-an-image',
  'image-too-large',
] as const;

/** Moving the session's commits to the host (import, rewrite, the commit watcher's steps). */
export const commitErrorCodes = [
  'commit-not-found',
  'commit-error',
  'no-container',
  'no-rewrite',
  'rewrite-changed',
  'bad-branch',
  'nothing-imported',
  'import-failed',
  'bundle-failed',
  'bundle-too-large',
  'branch-checked-out',
  'branch-moved',
  'pr-invalid',
  /* A step of the commit watcher failed with a plain error (`${step}-failed`). */
  'watch-failed',
  'pr-failed',
  /* Reported by the commit watcher as events, never thrown. */
  'watcher-ended',
  'agent-left-branch',
  'branch-deleted',
  'import-stopped',
] as const;

export const mergeErrorCodes = [
  'merge-failed',
  'merge-target-moved',
  'merge-no-target',
  'merge-into-self',
  'branch-not-found',
  'nothing-to-merge',
  'discard-unmerged',
  'checkout-not-found',
  'checkout-moved',
  'checkout-update-failed',
  'rebase-request-failed',
] as const;

export const forgeErrorCodes = [
  'forge-auth',
  'forge-forbidden',
  'forge-not-found',
  'forge-rejected',
  'forge-unreachable',
  'forge-failed',
  'forge-unknown',
  'forge-no-token',
  'no-remote',
  'nothing-to-push',
  'push-refused',
  'push-failed',
  'push-auth',
  'push-unreachable',
  'push-rejected',
  'push-needs-confirmation',
] as const;

export const reviewErrorCodes = [
  'review-anchor-invalid',
  'review-anchor-not-in-diff',
  'review-comment-not-found',
  'review-comment-queued',
  'review-nothing-to-send',
  'review-delivery-failed',
  'agent-not-running',
] as const;

export const networkErrorCodes = [
  'network-gateway-busy',
  'network-gateway-unavailable',
  'network-bad-pattern',
  'network-not-allowlist',
  'network-record-invalid',
  'ports-unavailable',
  'mcp-unknown-server',
] as const;

/** The command line's own refusals (arguments, picking a session or commit). */
export const cliErrorCodes = [
  'bad-arguments',
  'bad-environment',
  'ui-not-built',
  'web-unavailable',
  'confirmation-needed',
  'nothing-to-send',
  'nothing-to-select',
  'selection-needed',
  'ambiguous-id',
  'ambiguous-comment',
  'ambiguous-commit',
  'comment-not-found',
  'no-commits',
  'no-base',
  'not-a-session',
  'no-session-here',
] as const;

export const errorCodes = [
  ...transportErrorCodes,
  ...clientErrorCodes,
  ...appErrorCodes,
  ...configErrorCodes,
  ...engineErrorCodes,
  ...imageErrorCodes,
  ...sessionErrorCodes,
  ...terminalErrorCodes,
  ...gitErrorCodes,
  ...commitErrorCodes,
  ...mergeErrorCodes,
  ...forgeErrorCodes,
  ...reviewErrorCodes,
  ...networkErrorCodes,
  ...cliErrorCodes,
] as const;

export type TransportErrorCode = (typeof transportErrorCodes)[number];
export type ErrorCode = (typeof errorCodes)[number];

const known: ReadonlySet<string> = new Set(errorCodes);

/** True for a code this build knows; used where a code arrives as text (the wire, a record). */
export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && known.has(value);
}
