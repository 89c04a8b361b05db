/**
 * ContainerSpec → Docker API create body. Kept separate and pure so the mapping (network
 * "default" omitted, CPUs as NanoCpus, labels always present) is easy to read and test.
 */
import type Dockerode from 'dockerode';
import { AppError } from '../../shared/errors';
import { APP_LABEL_VALUE, LABELS } from './labels';
import type { ContainerSpec } from './types';

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function envList(env: Record<string, string> | undefined): string[] {
  return Object.entries(env ?? {}).map(([k, v]) => {
    if (!ENV_NAME.test(k)) {
      throw new AppError(
        'engine-error',
        `environment variable name "${k}" is not valid`,
        'use letters, digits and _ only, not starting with a digit',
      );
    }
    return `${k}=${v}`;
  });
}

export function createBody(spec: ContainerSpec): Dockerode.ContainerCreateOptions {
  const host: Dockerode.HostConfig = {};
  if (spec.mounts?.length) {
    host.Mounts = spec.mounts.map((m) => ({
      Type: 'bind',
      Source: m.source,
      Target: m.target,
      ReadOnly: m.readonly,
    }));
  }
  const r = spec.resources;
  if (r?.memoryBytes) host.Memory = r.memoryBytes;
  if (r?.cpus) host.NanoCpus = Math.round(r.cpus * 1e9);
  if (r?.pidsLimit) host.PidsLimit = r.pidsLimit;
  if (r?.diskBytes) host.StorageOpt = { size: String(r.diskBytes) };
  const s = spec.security;
  if (s) {
    if (s.capDrop.length) host.CapDrop = s.capDrop;
    if (s.capAdd.length) host.CapAdd = s.capAdd;
    if (s.noNewPrivileges) host.SecurityOpt = ['no-new-privileges'];
    if (s.readonlyRootfs) host.ReadonlyRootfs = true;
  }
  if (spec.network && spec.network !== 'default') host.NetworkMode = spec.network;
  if (spec.init) host.Init = true;

  const body: Dockerode.ContainerCreateOptions = {
    name: spec.name,
    Image: spec.image,
    // The app label always: whatever the caller passes, the container stays findable.
    Labels: { ...spec.labels, [LABELS.app]: APP_LABEL_VALUE },
    Env: envList(spec.env),
    Tty: spec.tty ?? false,
    OpenStdin: spec.tty ?? false,
    HostConfig: host,
  };
  if (spec.cmd) body.Cmd = spec.cmd;
  if (spec.entrypoint) body.Entrypoint = spec.entrypoint;
  if (spec.user) body.User = spec.user;
  if (spec.workdir) body.WorkingDir = spec.workdir;
  return body;
}
