/**
 * Labels on every container (and image) the app makes, so any later process, the app after a
 * restart or the CLI, can find them again without a database.
 */
export const LABEL_PREFIX = 'dev.claude-code-runner';
export const LABELS = {
  app: `${LABEL_PREFIX}.app`,
  session: `${LABEL_PREFIX}.session`,
  repo: `${LABEL_PREFIX}.repo`,
  branch: `${LABEL_PREFIX}.branch`,
  version: `${LABEL_PREFIX}.version`,
  recipe: `${LABEL_PREFIX}.recipe`,
} as const;
export const APP_LABEL_VALUE = 'claude-code-runner';

export function sessionLabels(input: {
  sessionId: string;
  repo: string;
  branch: string;
}): Record<string, string> {
  return {
    [LABELS.app]: APP_LABEL_VALUE,
    [LABELS.session]: input.sessionId,
    [LABELS.repo]: input.repo,
    [LABELS.branch]: input.branch,
  };
}
