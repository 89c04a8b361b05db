/**
 * The Engine implementation over dockerode: containers here, exec in exec.ts, images in
 * images.ts. Every failure leaves as an AppError (errors.ts).
 */
import { homedir } from 'node:os';
import { PassThrough, Readable } from 'node:stream';
import type Dockerode from 'dockerode';
import { createBody } from './container-spec';
import { diskLimitRefusal, mapEngineError, statusCodeOf, type ErrorContext } from './errors';
import { execCollect, execStream } from './exec';
import { buildImage, imageExists, imageLabels, pullImage } from './images';
import { demuxBuffer } from './mux';
import type { HostEnv, RegistryHost } from './registry-auth';
import type {
  BuildOptions,
  BuildProgress,
  ContainerSpec,
  ContainerState,
  ContainerStatus,
  ContainerSummary,
  Engine,
  EngineInfo,
  ExecOptions,
  ExecResult,
  ExecStream,
  ExecStreamOptions,
} from './types';

const STATUSES: ContainerStatus[] = [
  'created',
  'running',
  'paused',
  'restarting',
  'removing',
  'exited',
  'dead',
];

/** Podman's compat API sometimes says "configured"/"stopped"; map to Docker's words. */
export function normalizeStatus(s: string | undefined): ContainerStatus {
  const v = (s ?? '').toLowerCase();
  if ((STATUSES as string[]).includes(v)) return v as ContainerStatus;
  if (v === 'configured' || v === 'initialized') return 'created';
  if (v === 'stopped' || v === 'stopping') return 'exited';
  return 'dead';
}

export class DockerodeEngine implements Engine {
  constructor(
    readonly info: EngineInfo,
    readonly docker: Dockerode,
    /** Where registry credentials are looked up for pulls and builds (the user's env and home). */
    readonly host: HostEnv = { env: process.env, homeDir: homedir() },
  ) {}

  registryHost(): RegistryHost {
    return { ...this.host, kind: this.info.kind };
  }

  protected fail(err: unknown, ctx: Omit<ErrorContext, 'address'>): never {
    throw mapEngineError(err, { ...ctx, address: this.info.address });
  }

  private containerCtx(action: string, id: string): Omit<ErrorContext, 'address'> {
    return {
      action: `${action} container ${id}`,
      notFound: 'container-not-found',
      what: `container ${id}`,
    };
  }

  async ping(): Promise<void> {
    try {
      await this.docker.ping();
    } catch (e) {
      this.fail(e, { action: 'ping the engine' });
    }
  }

  imageExists(ref: string): Promise<boolean> {
    return imageExists(this, ref);
  }

  imageLabels(ref: string): Promise<Record<string, string> | null> {
    return imageLabels(this, ref);
  }

  buildImage(opts: BuildOptions, onProgress?: (p: BuildProgress) => void): Promise<void> {
    return buildImage(this, opts, onProgress);
  }

  pullImage(ref: string, onProgress?: (p: BuildProgress) => void): Promise<void> {
    return pullImage(this, ref, onProgress);
  }

  async createContainer(spec: ContainerSpec): Promise<string> {
    const body = createBody(spec);
    try {
      const c = await this.docker.createContainer(body);
      return c.id;
    } catch (e) {
      if (spec.resources?.diskBytes) diskLimitRefusal(e, this.info.kind);
      if (statusCodeOf(e) === 404) {
        this.fail(e, {
          action: `create container ${spec.name}`,
          notFound: 'image-not-found',
          what: spec.image,
        });
      }
      this.fail(e, { action: `create container ${spec.name}` });
    }
  }

  async startContainer(id: string): Promise<void> {
    try {
      await this.docker.getContainer(id).start();
    } catch (e) {
      if (statusCodeOf(e) === 304) return; // already running
      this.fail(e, this.containerCtx('start', id));
    }
  }

  async stopContainer(id: string, timeoutSeconds = 10): Promise<void> {
    try {
      await this.docker.getContainer(id).stop({ t: timeoutSeconds });
    } catch (e) {
      if (statusCodeOf(e) === 304) return; // already stopped
      this.fail(e, this.containerCtx('stop', id));
    }
  }

  async removeContainer(id: string, opts?: { force?: boolean }): Promise<void> {
    try {
      await this.docker.getContainer(id).remove({ force: opts?.force ?? false, v: true });
    } catch (e) {
      this.fail(e, this.containerCtx('remove', id));
    }
  }

  async inspectContainer(id: string): Promise<ContainerState | null> {
    let raw: Dockerode.ContainerInspectInfo;
    try {
      raw = await this.docker.getContainer(id).inspect();
    } catch (e) {
      if (statusCodeOf(e) === 404) return null;
      this.fail(e, this.containerCtx('inspect', id));
    }
    const st = raw.State;
    const zeroTime = (t: string | undefined) => (!t || t.startsWith('0001-') ? null : t);
    return {
      id: raw.Id,
      name: raw.Name.replace(/^\//, ''),
      image: raw.Config.Image,
      status: normalizeStatus(st.Status),
      running: st.Running,
      exitCode: st.Running || typeof st.ExitCode !== 'number' ? null : st.ExitCode,
      labels: raw.Config.Labels ?? {},
      startedAt: zeroTime(st.StartedAt),
      finishedAt: zeroTime(st.FinishedAt),
      raw,
    };
  }

  async listContainers(
    labels: Record<string, string>,
    opts?: { all?: boolean },
  ): Promise<ContainerSummary[]> {
    const filter = Object.entries(labels).map(([k, v]) => (v === '' ? k : `${k}=${v}`));
    let list: Dockerode.ContainerInfo[];
    try {
      list = await this.docker.listContainers({
        all: opts?.all ?? true,
        filters: { label: filter },
      });
    } catch (e) {
      this.fail(e, { action: 'list containers' });
    }
    return list.map((c) => ({
      id: c.Id,
      name: (c.Names?.[0] ?? '').replace(/^\//, ''),
      image: c.Image,
      status: normalizeStatus(c.State),
      labels: c.Labels ?? {},
      created: c.Created,
    }));
  }

  /** stdout and stderr interleaved in one stream (demultiplexed unless the container has a TTY). */
  async logs(
    id: string,
    opts?: { tail?: number; follow?: boolean; signal?: AbortSignal },
  ): Promise<Readable> {
    const state = await this.inspectContainer(id);
    if (!state)
      this.fail(
        { statusCode: 404, message: 'no such container' },
        this.containerCtx('read logs of', id),
      );
    const tty = state.raw.Config.Tty === true;
    const c = this.docker.getContainer(id);
    const base = {
      stdout: true,
      stderr: true,
      tail: opts?.tail ?? 'all',
      abortSignal: opts?.signal,
    } as unknown as { stdout: true };
    try {
      if (opts?.follow) {
        const stream = (await c.logs({ ...base, follow: true })) as unknown as Readable;
        const out = new PassThrough();
        if (tty) stream.pipe(out);
        else this.docker.modem.demuxStream(stream, out, out);
        stream.on('end', () => out.end());
        stream.on('close', () => out.end());
        // Abort and broken connections end the output (an error here would crash a consumer
        // without an 'error' listener).
        stream.on('error', () => out.end());
        out.on('close', () => stream.destroy?.());
        return out;
      }
      const buf = (await c.logs({ ...base, follow: false })) as unknown as Buffer;
      const data = tty ? buf : Buffer.concat(demuxBuffer(buf).map((f) => f.data));
      return Readable.from([data]);
    } catch (e) {
      this.fail(e, this.containerCtx('read logs of', id));
    }
  }

  /** An engine exec: the command is a Cmd array, never a shell string. */
  readonly exec = (id: string, opts: ExecOptions): Promise<ExecResult> =>
    execCollect(this, id, opts);

  execStream(id: string, opts: ExecStreamOptions): Promise<ExecStream> {
    return execStream(this, id, opts);
  }

  async putArchive(id: string, containerPath: string, tar: Readable | Buffer): Promise<void> {
    try {
      await this.docker.getContainer(id).putArchive(tar, { path: containerPath });
    } catch (e) {
      // 404 is also "no such folder in the container": only a missing container is container-not-found.
      if (statusCodeOf(e) === 404 && (await this.inspectContainer(id))) {
        this.fail(e, {
          action: `copy files to ${containerPath} in container ${id}`,
          what: containerPath,
        });
      }
      this.fail(e, this.containerCtx(`copy files to ${containerPath} in`, id));
    }
  }

  async getArchive(id: string, containerPath: string): Promise<Readable> {
    try {
      return (await this.docker
        .getContainer(id)
        .getArchive({ path: containerPath })) as NodeJS.ReadableStream as Readable;
    } catch (e) {
      if (statusCodeOf(e) === 404 && (await this.inspectContainer(id))) {
        this.fail(e, { action: `copy ${containerPath} from container ${id}`, what: containerPath });
      }
      this.fail(e, this.containerCtx(`copy ${containerPath} from`, id));
    }
  }
}
