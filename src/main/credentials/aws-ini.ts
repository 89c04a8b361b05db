/**
 * Cut the AWS shared config and credentials files down to the one profile Claude Code will use
 * (plus the profiles and SSO session it points to), so a session container never sees the keys
 * of the user's other AWS accounts.
 */

export interface IniSection {
  /** The header as written, e.g. "profile dev", "default", "sso-session corp". */
  header: string;
  /** Raw lines of the section body (kept verbatim, comments dropped). */
  lines: string[];
  /** Parsed `key = value` pairs (lowercased keys; continuation lines ignored). */
  values: Map<string, string>;
}

export function parseIni(text: string): IniSection[] {
  const sections: IniSection[] = [];
  let current: IniSection | null = null;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/\s+$/, '');
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#') || trimmed.startsWith(';')) continue;
    const header = /^\[\s*([^\]]+?)\s*\]$/.exec(trimmed);
    if (header) {
      current = { header: header[1]!.replace(/\s+/g, ' '), lines: [], values: new Map() };
      sections.push(current);
      continue;
    }
    if (!current) continue; // keys before any section mean nothing to the AWS SDKs
    current.lines.push(line);
    const kv = /^([A-Za-z0-9_.-]+)\s*=\s*(.*)$/.exec(trimmed);
    if (kv && !/^\s/.test(line)) current.values.set(kv[1]!.toLowerCase(), kv[2]!.trim());
  }
  return sections;
}

/** In ~/.aws/config a profile is "[profile x]" (or "[default]"); in credentials just "[x]". */
function profileName(header: string, kind: 'config' | 'credentials'): string | null {
  if (kind === 'credentials') return header.startsWith('sso-session ') ? null : header;
  if (header === 'default') return 'default';
  const m = /^profile (.+)$/.exec(header);
  return m ? m[1]! : null;
}

export interface AwsFilterResult {
  config: string | null;
  credentials: string | null;
  /** The profiles kept (the chosen one first). */
  profiles: string[];
  /** The chosen profile needs a login flow the container cannot reuse (SSO, credential_process). */
  needsHostLogin: boolean;
}

/**
 * Keep `profile`, every profile reachable through `source_profile`, and the `sso-session`
 * sections they name. Returns null for a file that keeps nothing.
 */
export function filterAwsFiles(
  configText: string | null,
  credentialsText: string | null,
  profile: string,
): AwsFilterResult {
  const config = configText === null ? [] : parseIni(configText);
  const creds = credentialsText === null ? [] : parseIni(credentialsText);
  const keep = new Set<string>();
  const ssoSessions = new Set<string>();
  const queue = [profile];
  while (queue.length > 0) {
    const name = queue.shift()!;
    if (keep.has(name)) continue;
    keep.add(name);
    for (const [sections, kind] of [
      [config, 'config'],
      [creds, 'credentials'],
    ] as const) {
      for (const s of sections) {
        if (profileName(s.header, kind) !== name) continue;
        const source = s.values.get('source_profile');
        if (source) queue.push(source);
        const sso = s.values.get('sso_session');
        if (sso) ssoSessions.add(sso);
      }
    }
  }
  const chosen = [...config, ...creds].filter(
    (s) =>
      profileName(s.header, 'config') === profile ||
      profileName(s.header, 'credentials') === profile,
  );
  const needsHostLogin = chosen.some(
    (s) =>
      s.values.has('credential_process') || [...s.values.keys()].some((k) => k.startsWith('sso_')),
  );
  const render = (sections: IniSection[], kind: 'config' | 'credentials'): string | null => {
    const kept = sections.filter((s) => {
      const name = profileName(s.header, kind);
      if (name !== null) return keep.has(name);
      const sso = /^sso-session (.+)$/.exec(s.header);
      return kind === 'config' && sso !== null && ssoSessions.has(sso[1]!);
    });
    if (kept.length === 0) return null;
    return kept.map((s) => [`[${s.header}]`, ...s.lines].join('\n')).join('\n\n') + '\n';
  };
  return {
    config: render(config, 'config'),
    credentials: render(creds, 'credentials'),
    profiles: [...keep],
    needsHostLogin,
  };
}
