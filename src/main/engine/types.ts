import type { Readable, Writable } from 'node:stream';
import type Dockerode from 'dockerode';
import type { EngineKind } from '../../shared/schemas/engine';

export interface EngineInfo {
  kind: EngineKind;
  version: string;
  apiVersion: string;
  /** unix:///path, tcp://host:port, ssh://… (never with credentials in it). */
  address: string;
  /** Where the address came from: "DOCKER_HOST", "config dockerSocketPath", "docker socket", … */
  source: string;
  os: string;
  arch: string;
  rootless: boolean;
}

export interface MountSpec {
  source: string;
  target: string;
  readonly: boolean;
}

export interface ResourceSpec {
  /** Bytes; 0 or undefined = engine default. */
  memoryBytes?: number;
  /** CPUs as a fraction (1.5 = one and a half cores). */
  cpus?: number;
  pidsLimit?: number;
  /** Size of the writable layer (HostConfig.StorageOpt size); not every storage driver has it. */
  diskBytes?: number;
}

export interface SecuritySpec {
  capDrop: string[];
  capAdd: string[];
  noNewPrivileges: boolean;
  readonlyRootfs?: boolean;
}

export interface ContainerSpec {
  name: string;
  image: string;
  labels: Record<string, string>;
  env: Record<string, string>;
  cmd?: string[];
  entrypoint?: string[];
  user?: string;
  workdir?: string;
  mounts?: MountSpec[];
  resources?: ResourceSpec;
  security?: SecuritySpec;
  /** "default" = the engine's default network; "none", "host", or a network name. */
  network?: string;
  /** Run the engine's init (tini) as PID 1. */
  init?: boolean;
  tty?: boolean;
}

export type ContainerStatus =
  'created' | 'running' | 'paused' | 'restarting' | 'removing' | 'exited' | 'dead';

export interface ContainerState {
  id: string;
  name: string;
  image: string;
  status: ContainerStatus;
  running: boolean;
  exitCode: number | null;
  labels: Record<string, string>;
  startedAt: string | null;
  finishedAt: string | null;
  /** Raw inspect answer, for tests and diagnostics. */
  raw: Dockerode.ContainerInspectInfo;
}

export interface ContainerSummary {
  id: string;
  name: string;
  image: string;
  status: ContainerStatus;
  labels: Record<string, string>;
  created: number;
}

export interface ExecOptions {
  cmd: string[];
  user?: string;
  workdir?: string;
  env?: Record<string, string>;
  /** Bytes fed to the process's stdin, then closed. */
  stdin?: Buffer | Readable;
  signal?: AbortSignal;
}

export interface ExecResult {
  exitCode: number;
  stdout: Buffer;
  stderr: Buffer;
}

export interface ExecStreamOptions {
  cmd: string[];
  user?: string;
  workdir?: string;
  env?: Record<string, string>;
  tty: boolean;
  stdin: boolean;
  cols?: number;
  rows?: number;
}

/** A running exec with its streams. With tty, all output arrives on `stdout`. */
export interface ExecStream {
  id: string;
  stdout: Readable;
  stderr: Readable;
  stdin: Writable | null;
  resize(cols: number, rows: number): Promise<void>;
  /** Resolves with the exit code once the process has ended. */
  wait(): Promise<number>;
  /** Ends the connection (the process may keep running in the container). */
  close(): void;
}

export type BuildProgress =
  | { kind: 'step'; text: string }
  | { kind: 'log'; text: string }
  | { kind: 'pull'; id: string; status: string; current?: number; total?: number };

export interface BuildOptions {
  contextDir: string;
  /** Path of the Dockerfile relative to contextDir. */
  dockerfile: string;
  tag: string;
  buildArgs?: Record<string, string>;
  labels?: Record<string, string>;
  /** Network for RUN steps ("host", "none", a network name); unset = the engine's default. */
  networkMode?: string;
  signal?: AbortSignal;
}

export interface Engine {
  readonly info: EngineInfo;
  /** Escape hatch for operations not wrapped yet; prefer the typed methods. */
  readonly docker: Dockerode;
  ping(): Promise<void>;
  imageExists(ref: string): Promise<boolean>;
  imageLabels(ref: string): Promise<Record<string, string> | null>;
  buildImage(opts: BuildOptions, onProgress?: (p: BuildProgress) => void): Promise<void>;
  pullImage(ref: string, onProgress?: (p: BuildProgress) => void): Promise<void>;
  createContainer(spec: ContainerSpec): Promise<string>;
  startContainer(id: string): Promise<void>;
  stopContainer(id: string, timeoutSeconds?: number): Promise<void>;
  removeContainer(id: string, opts?: { force?: boolean }): Promise<void>;
  /** null when the container does not exist. */
  inspectContainer(id: string): Promise<ContainerState | null>;
  listContainers(
    labels: Record<string, string>,
    opts?: { all?: boolean },
  ): Promise<ContainerSummary[]>;
  logs(
    id: string,
    opts?: { tail?: number; follow?: boolean; signal?: AbortSignal },
  ): Promise<Readable>;
  exec(id: string, opts: ExecOptions): Promise<ExecResult>; // exec-ok: engine exec with a Cmd array, no shell
  execStream(id: string, opts: ExecStreamOptions): Promise<ExecStream>;
  putArchive(id: string, containerPath: string, tar: Readable | Buffer): Promise<void>;
  getArchive(id: string, containerPath: string): Promise<Readable>;
}
