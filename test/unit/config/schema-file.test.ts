import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigSchema, CONFIG_DEFAULTS } from '../../../src/shared/config-schema';
import { renderConfigDocs } from '../../../src/main/config/docs';
import {
  CONFIG_DOCS_FILE,
  JSON_SCHEMA_FILE,
  buildConfigJsonSchema,
  renderConfigJsonSchema,
  type JsonSchemaNode,
} from '../../../src/main/config/json-schema';

const root = path.resolve(__dirname, '../../..');
const read = (f: string) => readFileSync(path.join(root, f), 'utf8');

describe('generated config schema and docs', () => {
  it('the committed JSON Schema is what the generator produces now (run `npm run gen:schema`)', async () => {
    expect(read(JSON_SCHEMA_FILE)).toBe(await renderConfigJsonSchema(root));
  });

  it('the committed docs/config.md is what the generator produces now (run `npm run gen:schema`)', () => {
    expect(read(CONFIG_DOCS_FILE)).toBe(renderConfigDocs(buildConfigJsonSchema()));
  });

  it('documents every key, nested ones included, and shows each default', () => {
    const missing: string[] = [];
    const walk = (props: Record<string, JsonSchemaNode>, prefix: string) => {
      for (const [k, node] of Object.entries(props)) {
        if (!node.description) missing.push(prefix + k);
        const inner = node.type === 'array' ? node.items : node;
        if (inner?.properties) walk(inner.properties, `${prefix}${k}.`);
      }
    };
    const schema = buildConfigJsonSchema();
    walk(schema.properties!, '');
    expect(missing).toEqual([]);
    expect(schema.additionalProperties).toBe(false);
    for (const [k, v] of Object.entries(CONFIG_DEFAULTS)) {
      expect(schema.properties![k]?.default, k).toEqual(v);
      expect(schema.properties![k]?.description, k).toContain(`Default: \`${JSON.stringify(v)}\``);
    }
  });

  it('the shipped example config is valid against the schema', () => {
    const example = JSON.parse(read('claude-run.config.example.json'));
    const r = ConfigSchema.safeParse(example);
    expect(r.error?.issues ?? []).toEqual([]);
  });
});
