/**
 * "Always allow for this project": the answer goes into the user-level config file, under
 * `projectNetworkAllow` (absolute folder → entries), never into the repository's file (that
 * would put the user's decision into a commit, and a repository must not grant itself hosts).
 * Every later allowlist session of that folder gets the entries (expandPolicy, networkPlan).
 */
import { AppError } from '../../../shared/errors';
import { HostPattern } from '../../../shared/schemas/network-policy';
import type { PlatformEnv } from '../../config/paths';
import { readProjectList, updateProjectList } from '../../config/project-map';

export { folderKey } from '../../config/project-map';

export interface ProjectAllowInput extends PlatformEnv {
  folder: string;
}

/**
 * The entries the user allowed for this folder. An unreadable or invalid user file gives none
 * here: loading the config reports it, and a session does not start on a broken config.
 */
export function projectAllowFor(input: ProjectAllowInput): Promise<string[]> {
  return readProjectList(input, 'projectNetworkAllow', input.folder);
}

/** Adds `pattern` for `folder` to the user-level config (created when missing). */
export async function allowForProject(
  input: ProjectAllowInput & { pattern: string },
): Promise<void> {
  const pattern = HostPattern.safeParse(input.pattern);
  if (!pattern.success) {
    throw new AppError(
      'network-bad-pattern',
      `"${input.pattern}" is not a host, *.domain or IP address with an optional :port`,
    );
  }
  await updateProjectList(
    input,
    'projectNetworkAllow',
    input.folder,
    (list) => (list.includes(pattern.data) ? list : [...list, pattern.data]),
    'allow the host again',
  );
}
