/**
 * ensureImage: makes sure the image sessions run in exists and is current, and says which user
 * it runs as. Default: build the shipped docker/ recipe (with the extra CA certificates) and
 * reuse it while its recipe label matches; a custom `dockerfile` is built with its own folder
 * as context; `buildImage: false` uses a local image or pulls it.
 */
import { basename, dirname } from 'node:path';
import { AppError } from '../../shared/errors';
import { readRegularText } from '../config/safe-read';
import type { ResolvedConfig } from '../config/resolved';
import { APP_LABEL_VALUE, LABELS } from '../engine/labels';
import type { Engine } from '../engine/types';
import { CA_LABEL, caSetId, readCaCertificates, type CaCertificate } from './ca-certs';
import { prepareDefaultContext } from './context';
import { defaultDockerDir } from './docker-dir';
import { buildProgress, type ImageProgress } from './progress';
import { contextDigest, decideBuild, decisionMessage, recipeHash } from './recipe';
import { dockerfileBases, extraAgentsFor, fallbackBuildNetwork, imageUser } from './image-info';

export type { ImageProgress };
export { buildProgress };

/** The tag the default recipe is built as (and the name custom Dockerfiles start FROM). */
export const DEFAULT_IMAGE = 'claude-code-runner:latest';
/** The seed's published image, used for the default name when buildImage is false. */
export const PREBUILT_IMAGE = 'registry.gitlab.soraharu.com/xiaoxi/claude-code-runner:latest';
/** Tag repository for custom Dockerfiles built while dockerImage keeps the default name. */
export const CUSTOM_IMAGE_REPO = 'claude-code-runner-custom';

export type ImageConfig = Pick<
  ResolvedConfig,
  'dockerImage' | 'buildImage' | 'dockerfile' | 'extraCaCertificates' | 'network'
> &
  Partial<Pick<ResolvedConfig, 'baseImage' | 'buildArgs'>> & {
    agent?: ResolvedConfig['agent'];
  };

export interface EnsureImageOptions {
  config: ImageConfig;
  projectDir: string;
  appVersion: string;
  onProgress?: (p: ImageProgress) => void;
  signal?: AbortSignal;
  /** Extra build arguments for the default recipe (BASE_IMAGE, CLAUDE_CODE_VERSION, …). */
  buildArgs?: Record<string, string>;
  /**
   * Network for RUN steps; default: "host" when config.network is "host" or the engine is a
   * Docker daemon without its default bridge, else the engine's default.
   */
  buildNetwork?: string;
  /** Build even when the image is current (a "rebuild image" action). */
  rebuild?: boolean;
  /** Where the default recipe lives (tests; default: defaultDockerDir()). */
  dockerDir?: string;
}

export interface EnsureImageResult {
  image: string;
  built: boolean;
  /** The image's configured USER; null = root. */
  user: string | null;
  /** The recipe hash the image carries (null for pulled/local images). */
  recipe: string | null;
}

interface BuildPlan {
  tag: string;
  contextDir: string;
  dockerfile: string;
  buildArgs: Record<string, string>;
  certs: CaCertificate[];
  recipe: string;
  /** Makes the context (temp copy for the default recipe) and cleans it up. */
  withContext<T>(fn: (dir: string) => Promise<T>): Promise<T>;
}

/** Builds in progress in this process, by engine address and tag. */
const inflight = new Map<string, Promise<void>>();

export async function ensureImage(
  engine: Engine,
  opts: EnsureImageOptions,
): Promise<EnsureImageResult> {
  const { config } = opts;
  const progress = opts.onProgress ?? (() => undefined);
  if (!config.buildImage)
    return useOrPull(
      engine,
      config.dockerImage === DEFAULT_IMAGE ? PREBUILT_IMAGE : config.dockerImage,
      progress,
    );

  const certs = await readCaCertificates(config.extraCaCertificates);
  let plan: BuildPlan;
  if (config.dockerfile) {
    const bases = dockerfileBases(await readDockerfile(config.dockerfile));
    // A custom recipe FROM the default image needs that image first, and rebuilds with it.
    let baseRecipe: string | undefined;
    if (bases.some((b) => b === DEFAULT_IMAGE || b === DEFAULT_IMAGE.replace(/:latest$/, ''))) {
      const base = await ensureImage(engine, {
        ...opts,
        config: { ...config, dockerfile: undefined, dockerImage: DEFAULT_IMAGE },
        rebuild: false,
      });
      baseRecipe = base.recipe ?? undefined;
    }
    plan = await customPlan(config, certs, opts.appVersion, baseRecipe);
  } else {
    plan = await defaultPlan(config, certs, opts);
  }

  progress({ phase: 'image-check', message: `checking image ${plan.tag}` });
  // Sessions started together must not build the same tag twice at once: wait for the build
  // in flight, then decide again (it usually leaves the image current).
  const key = `${engine.info.address}\n${plan.tag}`;
  for (let running = inflight.get(key); running; running = inflight.get(key)) {
    progress({ phase: 'image-build', message: `waiting for the build of ${plan.tag} in progress` });
    await running.catch(() => undefined);
  }
  const decision = decideBuild(
    await engine.imageLabels(plan.tag),
    plan.recipe,
    opts.rebuild === true,
  );
  if (decision.action === 'use') {
    progress({ phase: 'image-ready', message: decisionMessage(plan.tag, decision) });
    return {
      image: plan.tag,
      built: false,
      user: await imageUser(engine, plan.tag),
      recipe: plan.recipe,
    };
  }
  progress({ phase: 'image-build', message: decisionMessage(plan.tag, decision) });
  const network =
    opts.buildNetwork ?? (config.network === 'host' ? 'host' : await fallbackBuildNetwork(engine));
  const build = plan.withContext((contextDir) =>
    engine.buildImage(
      {
        contextDir,
        dockerfile: plan.dockerfile,
        tag: plan.tag,
        buildArgs: plan.buildArgs,
        labels: {
          [LABELS.app]: APP_LABEL_VALUE,
          [LABELS.version]: opts.appVersion,
          [LABELS.recipe]: plan.recipe,
          ...(plan.certs.length > 0 ? { [CA_LABEL]: caSetId(plan.certs) } : {}),
        },
        ...(network ? { networkMode: network } : {}),
        ...(opts.signal ? { signal: opts.signal } : {}),
      },
      (p) => progress(buildProgress(p)),
    ),
  );
  inflight.set(key, build);
  try {
    await build;
  } finally {
    if (inflight.get(key) === build) inflight.delete(key);
  }
  const labels = await engine.imageLabels(plan.tag);
  if (labels !== null && labels[LABELS.recipe] !== plan.recipe) {
    throw new AppError(
      'build-failed',
      `the engine built ${plan.tag} but did not keep its recipe label, so the app cannot tell a current image from a stale one`,
      'update Docker/Podman; as a workaround set buildImage to false and build the image yourself',
    );
  }
  progress({ phase: 'image-ready', message: `built image ${plan.tag}` });
  return {
    image: plan.tag,
    built: true,
    user: await imageUser(engine, plan.tag),
    recipe: plan.recipe,
  };
}

async function useOrPull(
  engine: Engine,
  image: string,
  progress: (p: ImageProgress) => void,
): Promise<EnsureImageResult> {
  progress({ phase: 'image-check', message: `checking image ${image}` });
  if (!(await engine.imageExists(image))) {
    progress({ phase: 'image-pull', message: `pulling image ${image}` });
    await engine.pullImage(image, (p) => progress(buildProgress(p)));
  }
  progress({ phase: 'image-ready', message: `using image ${image}` });
  return { image, built: false, user: await imageUser(engine, image), recipe: null };
}

async function readDockerfile(path: string): Promise<string> {
  const read = await readRegularText(path);
  if (read.ok) return read.text;
  throw new AppError(
    'build-failed',
    `cannot read the custom Dockerfile: ${read.message}`,
    'fix "dockerfile" in the config (relative paths start at the config file) or remove it to use the default image',
  );
}

/**
 * The bundled recipe's build arguments: the extra agents the agent command needs, the config's
 * `buildArgs` and `baseImage` (a firewalled user's own mirror as BASE_IMAGE), the caller's, and
 * the app version last (it labels the image).
 */
export function defaultBuildArgs(
  config: Pick<ImageConfig, 'agent' | 'baseImage' | 'buildArgs'>,
  appVersion: string,
  extra: Record<string, string> = {},
): Record<string, string> {
  const buildArgs: Record<string, string> = {};
  const agents = extraAgentsFor(config.agent?.command);
  if (agents.length > 0) buildArgs.EXTRA_AGENTS = agents.join(' ');
  Object.assign(buildArgs, config.buildArgs ?? {});
  if (config.baseImage) buildArgs.BASE_IMAGE = config.baseImage;
  return { ...buildArgs, ...extra, APP_VERSION: appVersion };
}

async function defaultPlan(
  config: ImageConfig,
  certs: CaCertificate[],
  opts: EnsureImageOptions,
): Promise<BuildPlan> {
  const dockerDir = opts.dockerDir ?? defaultDockerDir();
  const buildArgs = defaultBuildArgs(config, opts.appVersion, opts.buildArgs);
  const context = await contextDigest(dockerDir, 'Dockerfile');
  const recipe = recipeHash({
    dockerfile: 'Dockerfile',
    context,
    buildArgs,
    caFingerprints: certs.map((c) => c.fingerprint),
    appVersion: opts.appVersion,
  });
  return {
    tag: config.dockerImage,
    contextDir: dockerDir,
    dockerfile: 'Dockerfile',
    buildArgs,
    certs,
    recipe,
    async withContext(fn) {
      const tmp = await prepareDefaultContext(dockerDir, certs);
      try {
        return await fn(tmp.dir);
      } finally {
        await tmp.dispose();
      }
    },
  };
}

async function customPlan(
  config: ImageConfig,
  certs: CaCertificate[],
  appVersion: string,
  baseRecipe?: string,
): Promise<BuildPlan> {
  const dockerfilePath = config.dockerfile as string;
  const contextDir = dirname(dockerfilePath);
  const dockerfile = basename(dockerfilePath);
  const context = await contextDigest(contextDir, dockerfile);
  // The certificates reach a custom image through its base (the default image) or, at run
  // time, through caFilesForContainer; they are part of the recipe only via baseRecipe.
  const buildArgs = { ...(config.buildArgs ?? {}) };
  const recipe = recipeHash({
    dockerfile,
    context,
    buildArgs,
    caFingerprints: [],
    appVersion,
    ...(baseRecipe ? { baseRecipe } : {}),
  });
  // Tagging a custom build with the default name would overwrite the image it starts FROM.
  const tag =
    config.dockerImage === DEFAULT_IMAGE
      ? `${CUSTOM_IMAGE_REPO}:${recipe.slice(0, 12)}`
      : config.dockerImage;
  return {
    tag,
    contextDir,
    dockerfile,
    buildArgs,
    certs: [],
    recipe,
    withContext: (fn) => fn(contextDir),
  };
}
