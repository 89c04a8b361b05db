/**
 * The credentials report: which credentials the runner found on the host, which it will forward
 * into a session container, and why not the others. It never carries a value, nor a part of one
 * (no prefixes, suffixes or lengths): only names, places and reasons.
 */
import { z } from 'zod';

/** Where Claude Code will get its model access from, by the same precedence Claude Code uses. */
export const ClaudeProvider = z.enum(['anthropic', 'bedrock', 'vertex']);
export type ClaudeProvider = z.infer<typeof ClaudeProvider>;

export const CredentialGroup = z.enum([
  'claude', // Claude Code's own login: API key, OAuth token, credentials file, Keychain
  'cloud', // Bedrock / Vertex: cloud provider variables and files
  'claude-config', // ~/.claude.json and the chosen files of ~/.claude/
  'git', // git identity
  'forge', // GitHub / GitLab tokens
]);
export type CredentialGroup = z.infer<typeof CredentialGroup>;

export const CredentialEntry = z.object({
  /** Stable id, e.g. "anthropic-api-key", "github-token:GH_TOKEN". */
  id: z.string(),
  label: z.string(),
  group: CredentialGroup,
  /** Where it was looked for: "env ANTHROPIC_API_KEY", a host file path, "macOS Keychain …". */
  source: z.string(),
  found: z.boolean(),
  forwarded: z.boolean(),
  /** Where it goes in the container ("env X" or a container path); set only when forwarded. */
  target: z.string().optional(),
  /** Why it is (not) forwarded, in words a user can act on. */
  reason: z.string(),
});
export type CredentialEntry = z.infer<typeof CredentialEntry>;

export const CredentialReport = z.object({
  provider: ClaudeProvider,
  /** True when at least one way for Claude Code to log in will be in the container. */
  claudeAuthForwarded: z.boolean(),
  entries: z.array(CredentialEntry),
  /** Things the user should know (no Claude login found, a file skipped, …). */
  notes: z.array(z.string()),
});
export type CredentialReport = z.infer<typeof CredentialReport>;
