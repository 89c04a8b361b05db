/**
 * Which engine answered, decided from its /version answer (never from the socket path: Podman
 * often serves on docker.sock, and Docker Desktop on odd paths).
 */
import type { EngineKind } from '../../shared/schemas/engine';

export interface VersionAnswer {
  Version?: string;
  ApiVersion?: string;
  Os?: string;
  Arch?: string;
  Platform?: { Name?: string };
  Components?: { Name?: string; Version?: string }[];
}

export function engineKindFromVersion(v: VersionAnswer): EngineKind {
  const components = (v.Components ?? []).map((c) => (c.Name ?? '').toLowerCase());
  if (components.some((n) => n.includes('podman'))) return 'podman';
  // Podman 3.x answered without Components but with a platform name like "linux/amd64/fedora-35".
  const platform = (v.Platform?.Name ?? '').toLowerCase();
  if (platform.includes('podman')) return 'podman';
  return 'docker';
}

/** The engine's own version: Podman's component version, else the top-level one. */
export function engineVersion(v: VersionAnswer): string {
  const podman = (v.Components ?? []).find((c) => (c.Name ?? '').toLowerCase().includes('podman'));
  return podman?.Version ?? v.Version ?? 'unknown';
}
