/**
 * The JSON Schema shipped with the app (schemas/claude-run.config.schema.json), generated from
 * ConfigSchema so it can never disagree with what the app accepts. Formatted with the repo's
 * prettier settings so `prettier --check` and the staleness test agree on the bytes.
 */
import path from 'node:path';
import { z } from 'zod';
import { ConfigSchema } from '../../shared/config-schema';

export const JSON_SCHEMA_FILE = 'schemas/claude-run.config.schema.json';
export const CONFIG_DOCS_FILE = 'docs/config.md';

export type JsonSchemaNode = {
  type?: string | string[];
  description?: string;
  default?: unknown;
  properties?: Record<string, JsonSchemaNode>;
  items?: JsonSchemaNode;
  additionalProperties?: boolean | JsonSchemaNode;
  required?: string[];
  [k: string]: unknown;
};

export function buildConfigJsonSchema(): JsonSchemaNode {
  const generated = z.toJSONSchema(ConfigSchema, { io: 'input', target: 'draft-2020-12' });
  return { ...generated, title: 'Claude Code Runner configuration' } as JsonSchemaNode;
}

export async function renderConfigJsonSchema(repoRoot: string): Promise<string> {
  const prettier = await import('prettier');
  const options = await prettier.resolveConfig(path.join(repoRoot, JSON_SCHEMA_FILE));
  return prettier.format(JSON.stringify(buildConfigJsonSchema(), null, 2), {
    ...options,
    parser: 'json',
  });
}
