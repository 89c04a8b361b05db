import { z } from 'zod';

// Placeholder: the config domain replaces these with the real schema (see src/shared/config-schema.ts).
export const ConfigIssue = z.object({
  file: z.string(),
  path: z.string(),
  message: z.string(),
  line: z.number().int().optional(),
  column: z.number().int().optional(),
});
export type ConfigIssue = z.infer<typeof ConfigIssue>;

export const ConfigReadResult = z.discriminatedUnion('ok', [
  z.object({
    ok: z.literal(true),
    /** The effective config with secrets redacted. */
    config: z.record(z.string(), z.unknown()),
    sources: z.array(z.string()),
  }),
  z.object({ ok: z.literal(false), issues: z.array(ConfigIssue) }),
]);
export type ConfigReadResult = z.infer<typeof ConfigReadResult>;

export const ConfigValidation = z.object({ ok: z.boolean(), issues: z.array(ConfigIssue) });
