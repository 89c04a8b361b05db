/**
 * The start panel's Network section: the policy a new session in this folder would get (from
 * the user's or the project's config, else allowlist with the presets the project suggests),
 * editable before starting. `onChange` gets the chosen policy only when it differs from the
 * plan, else undefined: an untouched section sends nothing and the configs decide.
 */
import { useEffect, useState } from 'react';
import type { NetworkPlan } from '../../../../shared/schemas/network';
import type { NetworkPolicy } from '../../../../shared/schemas/network-policy';
import { NETWORK_PRESETS, type NetworkPreset } from '../../../../shared/schemas/network-policy';
import { useNetwork } from '../../stores/network';
import {
  MODE_HELP,
  MODE_LABEL,
  type NetworkMode,
  type PolicyDraft,
  checkHost,
  draftFromPolicy,
  policyFromDraft,
  samePolicy,
} from './policy-draft';
import './network.css';

const SOURCE_LABEL = {
  user: 'from your config',
  project: "from the project's config",
  detected: 'suggested from the project',
} as const;

export function NetworkPolicyEditor({
  folder,
  disabled,
  onChange,
}: {
  folder: string;
  disabled: boolean;
  onChange(policy: NetworkPolicy | undefined): void;
}) {
  const plan = useNetwork((s) => s.plans[folder]);
  const error = useNetwork((s) => s.planErrors[folder]);
  useEffect(() => {
    void useNetwork.getState().loadPlan(folder);
  }, [folder]);

  if (error)
    return (
      <fieldset className="net-editor">
        <legend className="section-title">Network</legend>
        <p className="muted">Cannot read the network plan: {error}. The configs will decide.</p>
      </fieldset>
    );
  if (!plan)
    return (
      <fieldset className="net-editor">
        <legend className="section-title">Network</legend>
        <p className="muted">Reading the network plan…</p>
      </fieldset>
    );
  // A plan read again (another visit) starts a fresh draft.
  return <PlanEditor key={JSON.stringify(plan)} {...{ folder, disabled, onChange, plan }} />;
}

function PlanEditor({
  folder,
  disabled,
  onChange,
  plan,
}: {
  folder: string;
  disabled: boolean;
  onChange(policy: NetworkPolicy | undefined): void;
  plan: NetworkPlan;
}) {
  const [draft, setDraft] = useState<PolicyDraft>(() => draftFromPolicy(plan.policy));
  const [hostText, setHostText] = useState('');
  const [hostError, setHostError] = useState<string | null>(null);

  const update = (next: PolicyDraft) => {
    setDraft(next);
    const policy = policyFromDraft(next);
    onChange(samePolicy(policy, plan.policy) ? undefined : policy);
  };
  const changed = !samePolicy(policyFromDraft(draft), plan.policy);
  const modes: NetworkMode[] = ['allowlist', 'default', 'none', 'host'];
  if (draftFromPolicy(plan.policy).mode === 'named') modes.push('named');

  const togglePreset = (p: NetworkPreset) =>
    update({
      ...draft,
      presets: draft.presets.includes(p)
        ? draft.presets.filter((x) => x !== p)
        : [...draft.presets, p],
    });
  const addHost = () => {
    const r = checkHost(hostText, draft.allow);
    if ('error' in r) {
      setHostError(r.error);
      return;
    }
    setHostError(null);
    setHostText('');
    update({ ...draft, allow: [...draft.allow, r.pattern] });
  };
  const chosenHosts = draft.presets.flatMap((p) => plan.presetHosts[p] ?? []);

  return (
    <fieldset className="net-editor" disabled={disabled} aria-label="Network">
      <legend className="section-title">Network</legend>
      <p className="muted net-source">
        {changed ? 'Changed for this session' : SOURCE_LABEL[plan.source]}
        {changed && (
          <>
            {' · '}
            <button
              type="button"
              className="link"
              onClick={() => {
                setHostError(null);
                update(draftFromPolicy(plan.policy));
              }}
            >
              Reset
            </button>
          </>
        )}
      </p>
      <div className="net-modes" role="radiogroup" aria-label="Network mode">
        {modes.map((m) => (
          <label key={m} className={`net-mode ${draft.mode === m ? 'on' : ''}`}>
            <input
              type="radio"
              name={`net-mode-${folder}`}
              checked={draft.mode === m}
              onChange={() => update({ ...draft, mode: m })}
            />
            {m === 'named' ? `${MODE_LABEL.named}: ${draft.name}` : MODE_LABEL[m]}
          </label>
        ))}
      </div>
      <p
        className={`net-help ${draft.mode === 'default' || draft.mode === 'host' ? 'net-warn' : 'muted'}`}
      >
        {MODE_HELP[draft.mode]}
      </p>
      {draft.mode === 'allowlist' && (
        <>
          <div className="net-presets" aria-label="Presets">
            {NETWORK_PRESETS.map((p) => {
              const on = draft.presets.includes(p);
              const hosts = plan.presetHosts[p] ?? [];
              return (
                <button
                  key={p}
                  type="button"
                  className={`net-chip ${on ? 'on' : ''}`}
                  aria-pressed={on}
                  title={hosts.join('\n')}
                  onClick={() => togglePreset(p)}
                >
                  {on ? '✓ ' : ''}
                  {p}
                  {plan.detected.includes(p) && <span className="net-chip-note"> detected</span>}
                </button>
              );
            })}
          </div>
          {chosenHosts.length > 0 && (
            <details className="net-hosts">
              <summary className="muted">
                {chosenHosts.length} host pattern{chosenHosts.length === 1 ? '' : 's'} from the
                chosen presets
              </summary>
              <ul className="mono">
                {chosenHosts.map((h, i) => (
                  <li key={`${h}-${i}`}>{h}</li>
                ))}
              </ul>
            </details>
          )}
          <div className="net-allow">
            <span className="muted">More hosts (github.com, *.example.com, 10.0.0.5:8080)</span>
            {draft.allow.length > 0 && (
              <ul className="net-allow-list" aria-label="More hosts">
                {draft.allow.map((h) => (
                  <li key={h}>
                    <span className="mono">{h}</span>
                    <button
                      type="button"
                      className="icon-button"
                      aria-label={`Remove ${h}`}
                      onClick={() =>
                        update({ ...draft, allow: draft.allow.filter((x) => x !== h) })
                      }
                    >
                      ×
                    </button>
                  </li>
                ))}
              </ul>
            )}
            <div className="net-add">
              <input
                className="input mono"
                aria-label="Host to allow"
                placeholder="registry.example.com"
                spellCheck={false}
                autoComplete="off"
                value={hostText}
                aria-invalid={hostError !== null}
                onChange={(e) => {
                  setHostText(e.target.value);
                  setHostError(null);
                }}
                onKeyDown={(e) => {
                  // Enter adds the host; it must not submit the start form.
                  if (e.key === 'Enter') {
                    e.preventDefault();
                    addHost();
                  }
                }}
              />
              <button type="button" className="button" onClick={addHost}>
                Add host
              </button>
            </div>
            {hostError && (
              <p className="net-error" role="alert">
                {hostError}
              </p>
            )}
          </div>
          <p className="muted net-help">The agent&apos;s API is always allowed.</p>
        </>
      )}
    </fieldset>
  );
}
