/** Claude Code's credentials file and .claude.json as the login sync tests write them. */
export function loginText(accessToken: string, expiresAt: number): string {
  return JSON.stringify({
    claudeAiOauth: {
      accessToken,
      refreshToken: `${accessToken}-refresh`,
      expiresAt,
      scopes: ['user:inference', 'user:profile'],
      subscriptionType: 'max',
    },
  });
}

export function claudeJsonText(accountUuid: string | null, email = 'ada@example.com'): string {
  return JSON.stringify({
    hasCompletedOnboarding: true,
    ...(accountUuid ? { oauthAccount: { accountUuid, emailAddress: email } } : {}),
  });
}
