import { describe, expect, it } from 'vitest';
import { filterAwsFiles } from '../../../src/main/credentials/aws-ini';
import { CANARY, entry, fakeHome, fileAt, oauthFile, plan } from '../../helpers/fake-home';

const AWS_CONFIG = `[default]
region = us-east-1

[profile bedrock]
region = us-west-2
source_profile = base

[profile base]
region = eu-west-1

[profile other]
region = ap-south-1
`;
const AWS_CREDENTIALS = `[default]
aws_access_key_id = AKIADEFAULTDEFAULT00
aws_secret_access_key = ${CANARY.awsOtherSecret}

# comment with nothing secret
[base]
aws_access_key_id = ${CANARY.awsKeyId}
aws_secret_access_key = ${CANARY.awsSecret}

[other]
aws_secret_access_key = ${CANARY.awsOtherSecret}
`;

describe('Bedrock', () => {
  it('forwards the switch, the AWS variables and cut-down AWS files, and no Anthropic login', async () => {
    const home = await fakeHome({
      '.aws/config': AWS_CONFIG,
      '.aws/credentials': AWS_CREDENTIALS,
      '.claude/.credentials.json': oauthFile(),
      '.claude.json': JSON.stringify({
        primaryApiKey: CANARY.consoleKey,
        oauthAccount: { emailAddress: 'a@b.c' },
      }),
    });
    const p = await plan(home, {
      env: {
        CLAUDE_CODE_USE_BEDROCK: '1',
        AWS_REGION: 'us-west-2',
        AWS_PROFILE: 'bedrock',
        AWS_SESSION_TOKEN: CANARY.awsSession,
        AWS_BEARER_TOKEN_BEDROCK: CANARY.bedrockBearer,
        ANTHROPIC_API_KEY: CANARY.apiKey,
      },
    });
    expect(p.report.provider).toBe('bedrock');
    expect(p.env).toEqual({
      CLAUDE_CODE_USE_BEDROCK: '1',
      AWS_REGION: 'us-west-2',
      AWS_PROFILE: 'bedrock',
      AWS_SESSION_TOKEN: CANARY.awsSession,
      AWS_BEARER_TOKEN_BEDROCK: CANARY.bedrockBearer,
    });
    expect(entry(p, 'anthropic-api-key')).toMatchObject({ found: true, forwarded: false });
    expect(entry(p, 'anthropic-api-key').reason).toMatch(/Bedrock/);
    expect(entry(p, 'claude-credentials-file')).toMatchObject({ found: true, forwarded: false });
    expect(fileAt(p, '.claude/.credentials.json')).toBeUndefined();
    const claudeJson = JSON.parse(fileAt(p, '.claude.json')!.content.toString());
    expect(claudeJson.primaryApiKey).toBeUndefined();
    expect(claudeJson.oauthAccount).toBeUndefined();

    const config = fileAt(p, '.aws/config')!;
    const creds = fileAt(p, '.aws/credentials')!;
    expect(config.mode).toBe(0o600);
    expect(creds.mode).toBe(0o600);
    // The profile in use and the one it sources from; not default, not other.
    expect(config.content.toString()).toContain('[profile bedrock]');
    expect(config.content.toString()).toContain('[profile base]');
    expect(config.content.toString()).not.toContain('[profile other]');
    expect(config.content.toString()).not.toContain('[default]');
    expect(creds.content.toString()).toContain(CANARY.awsSecret);
    expect(creds.content.toString()).not.toContain(CANARY.awsOtherSecret);
    expect(creds.content.toString()).not.toContain('comment');
    expect(p.report.claudeAuthForwarded).toBe(true);
  });

  it('without CLAUDE_CODE_USE_BEDROCK, AWS credentials stay home', async () => {
    const home = await fakeHome({ '.aws/credentials': AWS_CREDENTIALS });
    const p = await plan(home, {
      env: { AWS_ACCESS_KEY_ID: CANARY.awsKeyId, AWS_SECRET_ACCESS_KEY: CANARY.awsSecret },
    });
    expect(p.env).toEqual({});
    expect(p.files.some((f) => f.containerPath.includes('.aws'))).toBe(false);
    expect(entry(p, 'aws-env:AWS_SECRET_ACCESS_KEY')).toMatchObject({
      found: true,
      forwarded: false,
    });
    // Variables that are not set are not listed when Bedrock is off: the report stays short.
    expect(p.report.entries.some((e) => e.id === 'aws-env:AWS_SESSION_TOKEN')).toBe(false);
  });

  it('honours AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE and notes an SSO profile', async () => {
    const home = await fakeHome({
      'elsewhere/cfg':
        '[profile sso]\nsso_session = corp\nsso_account_id = 1\n\n[sso-session corp]\nsso_region = eu-west-1\n\n[sso-session unrelated]\nsso_region = x\n',
    });
    const p = await plan(home, {
      env: {
        CLAUDE_CODE_USE_BEDROCK: 'true',
        AWS_PROFILE: 'sso',
        AWS_CONFIG_FILE: `${home}/elsewhere/cfg`,
        AWS_SHARED_CREDENTIALS_FILE: `${home}/elsewhere/none`,
      },
    });
    const config = fileAt(p, '.aws/config')!.content.toString();
    expect(config).toContain('[sso-session corp]');
    expect(config).not.toContain('unrelated');
    expect(entry(p, 'aws-config-file').source).toBe(`${home}/elsewhere/cfg`);
    expect(entry(p, 'aws-credentials-file')).toMatchObject({ found: false, forwarded: false });
    expect(p.report.notes.join(' ')).toMatch(/SSO/);
  });

  it('filterAwsFiles keeps nothing for a profile that does not exist', () => {
    const r = filterAwsFiles(AWS_CONFIG, AWS_CREDENTIALS, 'nope');
    expect(r.config).toBeNull();
    expect(r.credentials).toBeNull();
  });
});

describe('Vertex', () => {
  const ADC = JSON.stringify({
    type: 'authorized_user',
    client_id: 'x.apps.googleusercontent.com',
    client_secret: CANARY.googleSecret,
    refresh_token: CANARY.googleRefresh,
  });

  it('forwards project, region and the gcloud ADC file, with GOOGLE_APPLICATION_CREDENTIALS pointing at it', async () => {
    const home = await fakeHome({ '.config/gcloud/application_default_credentials.json': ADC });
    const p = await plan(home, {
      env: {
        CLAUDE_CODE_USE_VERTEX: '1',
        ANTHROPIC_VERTEX_PROJECT_ID: 'my-proj',
        CLOUD_ML_REGION: 'us-east5',
        VERTEX_REGION_CLAUDE_3_5_HAIKU: 'us-central1',
        ANTHROPIC_API_KEY: CANARY.apiKey,
      },
    });
    expect(p.report.provider).toBe('vertex');
    const target = '/home/claude/.config/gcloud/application_default_credentials.json';
    expect(p.env).toEqual({
      CLAUDE_CODE_USE_VERTEX: '1',
      ANTHROPIC_VERTEX_PROJECT_ID: 'my-proj',
      CLOUD_ML_REGION: 'us-east5',
      VERTEX_REGION_CLAUDE_3_5_HAIKU: 'us-central1',
      GOOGLE_APPLICATION_CREDENTIALS: target,
    });
    const f = p.files.find((x) => x.containerPath === target)!;
    expect(f.mode).toBe(0o600);
    expect(f.content.toString()).toBe(ADC);
    expect(entry(p, 'google-credentials-file')).toMatchObject({
      found: true,
      forwarded: true,
      target,
    });
    expect(p.report.claudeAuthForwarded).toBe(true);
  });

  it('takes the file GOOGLE_APPLICATION_CREDENTIALS names on the host, and reports a missing one', async () => {
    const home = await fakeHome({ 'keys/sa.json': ADC });
    const p = await plan(home, {
      env: { CLAUDE_CODE_USE_VERTEX: '1', GOOGLE_APPLICATION_CREDENTIALS: `${home}/keys/sa.json` },
    });
    expect(p.env.GOOGLE_APPLICATION_CREDENTIALS).toBe(
      '/home/claude/.config/gcloud/application_default_credentials.json',
    );
    expect(entry(p, 'google-credentials-file').source).toContain(`${home}/keys/sa.json`);

    const missing = await plan(await fakeHome(), { env: { CLAUDE_CODE_USE_VERTEX: '1' } });
    expect(entry(missing, 'google-credentials-file')).toMatchObject({
      found: false,
      forwarded: false,
    });
    expect(missing.env.GOOGLE_APPLICATION_CREDENTIALS).toBeUndefined();
    expect(missing.report.claudeAuthForwarded).toBe(false);
    expect(missing.report.notes.join(' ')).toMatch(/Vertex/);
  });
});
