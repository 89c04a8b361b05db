/**
 * The account the host's login belongs to: `oauthAccount` of the host's ~/.claude.json (or the
 * one in $CLAUDE_CONFIG_DIR, where Claude Code keeps it when that is set). The file can be tens
 * of MB, so it is parsed again only when its size or time changed.
 */
import { stat } from 'node:fs/promises';
import { readHostFile } from '../credentials/host-readers';
import { type Account, MAX_CLAUDE_JSON_BYTES, UNKNOWN_ACCOUNT, parseAccount } from './login-text';

export class HostAccount {
  private cache: { key: string; account: Account } | null = null;

  /** `paths`: where to look, first found wins. */
  constructor(private readonly paths: readonly string[]) {}

  async read(): Promise<Account> {
    for (const path of this.paths) {
      let key: string;
      try {
        const s = await stat(path);
        key = `${path}:${s.ino}:${s.size}:${s.mtimeMs}`;
      } catch {
        continue;
      }
      if (this.cache?.key === key) return this.cache.account;
      const r = await readHostFile(path, MAX_CLAUDE_JSON_BYTES);
      if (!r.ok) continue;
      const account = parseAccount(r.content.toString('utf8'));
      this.cache = { key, account };
      return account;
    }
    return UNKNOWN_ACCOUNT;
  }
}
