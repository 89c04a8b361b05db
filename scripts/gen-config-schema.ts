/**
 * `npm run gen:schema`: writes schemas/claude-run.config.schema.json and docs/config.md from
 * the zod ConfigSchema. A unit test fails when the committed files differ from this output.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { renderConfigDocs } from '../src/main/config/docs';
import {
  CONFIG_DOCS_FILE,
  JSON_SCHEMA_FILE,
  buildConfigJsonSchema,
  renderConfigJsonSchema,
} from '../src/main/config/json-schema';

async function main(): Promise<void> {
  const root = path.resolve(__dirname, '..');
  for (const [file, content] of [
    [JSON_SCHEMA_FILE, await renderConfigJsonSchema(root)],
    [CONFIG_DOCS_FILE, renderConfigDocs(buildConfigJsonSchema())],
  ] as const) {
    await mkdir(path.dirname(path.join(root, file)), { recursive: true });
    await writeFile(path.join(root, file), content);
    console.log(`wrote ${file}`);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
