import { describe, expect, it } from 'vitest';
import { HostPattern } from '../../../src/shared/schemas/network-policy';
import { PRESET_HOSTS, agentApiHosts, compileAllowlist } from '../../../src/main/network/policy';

describe('agent API hosts', () => {
  it("Anthropic's API and login pages, always", () => {
    const a = compileAllowlist(agentApiHosts({}));
    for (const h of ['api.anthropic.com', 'console.anthropic.com', 'claude.ai'])
      expect(a.allows(h, 443), h).toBe(true);
    expect(a.allows('bedrock-runtime.us-east-1.amazonaws.com', 443)).toBe(false);
    expect(a.allows('us-east5-aiplatform.googleapis.com', 443)).toBe(false);
  });

  it("Bedrock: the region's endpoints only, never all of amazonaws.com", () => {
    const a = compileAllowlist(
      agentApiHosts({ CLAUDE_CODE_USE_BEDROCK: '1', AWS_REGION: 'eu-west-3' }),
    );
    expect(a.allows('bedrock-runtime.eu-west-3.amazonaws.com', 443)).toBe(true);
    expect(a.allows('bedrock-runtime.us-east-1.amazonaws.com', 443)).toBe(false);
    expect(a.allows('attacker-bucket.s3.amazonaws.com', 443)).toBe(false);
  });

  it('Vertex: the configured regions and Google token endpoints, not all of googleapis.com', () => {
    const a = compileAllowlist(
      agentApiHosts({
        CLAUDE_CODE_USE_VERTEX: 'true',
        CLOUD_ML_REGION: 'us-east5',
        VERTEX_REGION_CLAUDE_3_5_HAIKU: 'europe-west1',
      }),
    );
    expect(a.allows('us-east5-aiplatform.googleapis.com', 443)).toBe(true);
    expect(a.allows('europe-west1-aiplatform.googleapis.com', 443)).toBe(true);
    expect(a.allows('oauth2.googleapis.com', 443)).toBe(true);
    expect(a.allows('storage.googleapis.com', 443)).toBe(false);
  });

  it('a base URL that is no URL adds nothing', () => {
    expect(agentApiHosts({ ANTHROPIC_BASE_URL: 'nonsense' })).toEqual(agentApiHosts({}));
  });

  it('every preset entry is a valid pattern, none a wildcard over a shared cloud domain', () => {
    for (const [name, hosts] of Object.entries(PRESET_HOSTS)) {
      expect(hosts.length, name).toBeGreaterThan(0);
      for (const h of hosts) {
        expect(HostPattern.safeParse(h).success, h).toBe(true);
        expect(h, name).not.toMatch(
          /^\*\.(amazonaws\.com|googleapis\.com|githubusercontent\.com)$/,
        );
      }
    }
  });
});
