/**
 * The texts merging home writes: the default merge commit message, the squash message made from
 * the session's commits, and the message that asks the agent to rebase. Pure functions.
 */
import { neutraliseLine } from '../../shared/neutralise';

export interface CommitText {
  subject: string;
  body: string;
}

export function mergeMessage(sessionBranch: string, into: string): string {
  return `Merge branch '${sessionBranch}' into ${into}`;
}

/**
 * One commit: its own message. Several: a summary line, then each commit's subject as a bullet
 * with its body indented under it (oldest first), like the squash messages people write by hand.
 */
export function squashMessage(sessionBranch: string, commits: CommitText[]): string {
  if (commits.length === 0) return `Squashed branch '${sessionBranch}'`;
  if (commits.length === 1) {
    const c = commits[0]!;
    return c.body.trim() ? `${c.subject}\n\n${c.body.trim()}` : c.subject;
  }
  const lines = [`Squashed branch '${sessionBranch}' (${commits.length} commits)`, ''];
  for (const c of commits) {
    lines.push(`* ${c.subject}`);
    const body = c.body.trim();
    if (body) {
      for (const l of body.split('\n')) lines.push(l ? `  ${l}` : '');
    }
  }
  return lines.join('\n');
}

/** `git log --format=%s%x00%b%x00` output (records end with NUL NUL-ish) into commit texts. */
export function parseCommitTexts(out: string): CommitText[] {
  const fields = out.split('\0');
  const commits: CommitText[] = [];
  for (let i = 0; i + 1 < fields.length; i += 2) {
    // git puts a newline between records: it starts the next subject.
    const subject = fields[i]!.replace(/^\n/, '');
    commits.push({ subject, body: fields[i + 1]! });
  }
  return commits;
}

/**
 * The request to the agent. File names come from the repository: each is made one visible line,
 * so no control sequence reaches the agent's terminal.
 */
export function rebaseRequestText(o: {
  sessionBranch: string;
  onto: string;
  ontoTip: string;
  containerRef: string;
  conflicts: string[];
}): string {
  const files = o.conflicts.map((f) => `  - ${neutraliseLine(f)}`);
  const lines = [
    `The user wants to merge this branch (${neutraliseLine(o.sessionBranch)}) into ${neutraliseLine(o.onto)}, but ${neutraliseLine(o.onto)} has moved on` +
      (files.length > 0 ? ' and the merge conflicts in these files:' : '.'),
    ...files,
    `Its commits are now in this repository as ${o.containerRef} (commit ${o.ontoTip.slice(0, 12)}).`,
    `Please rebase your branch onto it (git rebase ${o.containerRef}), resolve the conflicts keeping both sides' intent, run the tests, and commit.`,
  ];
  return lines.join('\n');
}
