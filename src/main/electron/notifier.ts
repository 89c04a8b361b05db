/**
 * OS notifications and the dock/taskbar badge, driven by bus events. Each event a domain adds
 * gets (at most) one rule here: what to say, and whether a session now needs the user. The
 * badge shows how many sessions need the user. Notifications are only shown while the window
 * is not focused (the UI shows the same thing in place otherwise).
 */
import type { EventName, EventPayload } from '../../shared/contract';
import type { EventBus } from '../events';

export interface Notice {
  title: string;
  body: string;
}
export interface RuleResult {
  notice?: Notice;
  /** Marks (true) or clears (false) "this key needs the user"; the badge counts marked keys. */
  attention?: { key: string; needsUser: boolean };
}
export type Rules = { [E in EventName]?: (payload: EventPayload<E>) => RuleResult | null };

export interface NotifierPorts {
  notify(notice: Notice): void;
  setBadge(count: number): void;
  isFocused(): boolean;
}

const short = (id: string) => id.slice(0, 8);

export const defaultRules: Rules = {
  sessionAttention: (p) => {
    if (p.state === 'waiting') {
      return {
        notice: {
          title: 'The agent is waiting for you',
          body: `Session ${short(p.sessionId)} needs input (${p.reason}).`,
        },
        attention: { key: p.sessionId, needsUser: true },
      };
    }
    if (p.state === 'finished') {
      return {
        notice: {
          title: 'The agent has finished',
          body: `Session ${short(p.sessionId)} ${p.reason === 'exited' ? 'exited' : 'is done'}.`,
        },
        attention: { key: p.sessionId, needsUser: true },
      };
    }
    return { attention: { key: p.sessionId, needsUser: false } };
  },
  sessionStatus: (p) => {
    if (p.status === 'failed') {
      return {
        notice: {
          title: 'A session failed',
          body: `${p.name}: ${p.error?.message ?? 'see the app for details'}`,
        },
        attention: { key: p.id, needsUser: true },
      };
    }
    // A stopped or removed session no longer waits for anyone.
    if (p.status === 'stopped' || p.status === 'gone')
      return { attention: { key: p.id, needsUser: false } };
    return null;
  },
  commitImported: (p) => ({
    notice: {
      title: p.commits.length === 1 ? 'New commit' : `${p.commits.length} new commits`,
      body: `On ${p.branch} (${p.tip.slice(0, 7)}).`,
    },
  }),
  engineStatusChanged: (p) =>
    p.reachable ? null : { notice: { title: 'Container engine unreachable', body: p.message } },
};

export class Notifier {
  private readonly needsUser = new Set<string>();
  private readonly unsubscribe: () => void;

  constructor(
    bus: EventBus,
    private readonly ports: NotifierPorts,
    private readonly rules: Rules = defaultRules,
  ) {
    this.unsubscribe = bus.subscribe((name, payload) => this.onEvent(name, payload));
  }

  /** The user looked at a session: it no longer counts for the badge. */
  acknowledge(key: string): void {
    if (this.needsUser.delete(key)) this.ports.setBadge(this.needsUser.size);
  }

  get badgeCount(): number {
    return this.needsUser.size;
  }

  dispose(): void {
    this.unsubscribe();
  }

  private onEvent<E extends EventName>(name: E, payload: EventPayload<E>): void {
    const rule = this.rules[name] as ((p: EventPayload<E>) => RuleResult | null) | undefined;
    const result = rule?.(payload);
    if (!result) return;
    if (result.attention) {
      const before = this.needsUser.size;
      if (result.attention.needsUser) this.needsUser.add(result.attention.key);
      else this.needsUser.delete(result.attention.key);
      if (this.needsUser.size !== before) this.ports.setBadge(this.needsUser.size);
    }
    if (result.notice && !this.ports.isFocused()) this.ports.notify(result.notice);
  }
}
