/**
 * The agent's own API endpoint is always allowed in allowlist mode (a session whose agent cannot
 * reach its model is no session). Which endpoint depends on the credentials in use: Anthropic's
 * API (and its login pages), an ANTHROPIC_BASE_URL gateway, Amazon Bedrock or Google Vertex AI,
 * chosen by the same variables Claude Code reads.
 */
import {
  ANTHROPIC_HOSTS,
  BEDROCK_REGIONS,
  GOOGLE_AUTH_HOSTS,
  bedrockHosts,
  vertexHost,
} from './presets';
import { patternFromUrl } from './match';

const truthy = (v: string | undefined) => v !== undefined && /^(1|true|yes|on)$/i.test(v.trim());

/** A cloud region name as the providers spell them; anything else is ignored. */
const REGION = /^[a-z]{2,}(?:-[a-z]+)+-?\d+$|^global$/;

export function agentApiHosts(env: NodeJS.ProcessEnv): string[] {
  const out = [...ANTHROPIC_HOSTS];
  const add = (p: string | null | undefined) => {
    if (p) out.push(p);
  };
  add(env.ANTHROPIC_BASE_URL ? patternFromUrl(env.ANTHROPIC_BASE_URL) : null);

  if (truthy(env.CLAUDE_CODE_USE_BEDROCK)) {
    const region = env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
    // Without a region Claude Code cannot call Bedrock at all; with one we allow just it.
    const regions = region && REGION.test(region) ? [region] : [...BEDROCK_REGIONS];
    for (const r of regions) out.push(...bedrockHosts(r));
    out.push('sts.amazonaws.com');
    add(env.ANTHROPIC_BEDROCK_BASE_URL ? patternFromUrl(env.ANTHROPIC_BEDROCK_BASE_URL) : null);
  }

  if (truthy(env.CLAUDE_CODE_USE_VERTEX)) {
    // CLOUD_ML_REGION, plus the per-model overrides (VERTEX_REGION_CLAUDE_3_5_SONNET=…).
    const regions = Object.entries(env)
      .filter(([k]) => k === 'CLOUD_ML_REGION' || k.startsWith('VERTEX_REGION_'))
      .map(([, v]) => v?.trim() ?? '')
      .filter((v) => REGION.test(v));
    for (const r of regions.length > 0 ? regions : ['global', 'us-east5']) out.push(vertexHost(r));
    out.push(...GOOGLE_AUTH_HOSTS);
    add(env.ANTHROPIC_VERTEX_BASE_URL ? patternFromUrl(env.ANTHROPIC_VERTEX_BASE_URL) : null);
  }
  return [...new Set(out)];
}
