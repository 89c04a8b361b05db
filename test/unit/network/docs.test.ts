import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BEDROCK_REGIONS, PRESET_HOSTS, VERTEX_REGIONS } from '../../../src/main/network/policy';

const docs = readFileSync(path.join(__dirname, '../../../docs/network.md'), 'utf8');
const flat = docs.replace(/\s+/g, ' ');

describe('docs/network.md', () => {
  it("lists each preset's hosts exactly as the app allows them", () => {
    for (const [preset, hosts] of Object.entries(PRESET_HOSTS)) {
      if (preset === 'bedrock' || preset === 'vertex') continue;
      const row = `| \`${preset}\` | ${hosts.map((h) => `\`${h}\``).join(', ')} |`;
      expect(docs, preset).toContain(row);
    }
  });

  it('lists the Bedrock and Vertex regions', () => {
    expect(flat).toContain(`Bedrock regions: ${BEDROCK_REGIONS.join(', ')}.`);
    expect(flat).toContain(`Vertex regions: ${VERTEX_REGIONS.join(', ')}.`);
  });
});
