/**
 * Which MCP servers a project's sessions get: the user-level config key `projectMcpServers`
 * (absolute folder → server names), never a repository's file (a repository must not hand
 * itself the user's MCP servers and their tokens; loadConfig refuses the key there, like
 * projectNetworkAllow). No entry: none.
 */
import type { PlatformEnv } from '../config/paths';
import { readProjectList, updateProjectList } from '../config/project-map';

export { folderKey } from '../config/project-map';

/**
 * The names chosen for this folder. An unreadable or invalid user file gives none here:
 * loading the config reports it, and a session does not start on a broken config.
 */
export function chosenMcpServers(host: PlatformEnv, folder: string): Promise<string[]> {
  return readProjectList(host, 'projectMcpServers', folder);
}

/** Replaces the folder's choice in the user-level config (created when missing). */
export function setChosenMcpServers(
  host: PlatformEnv,
  folder: string,
  names: readonly string[],
): Promise<void> {
  // An empty choice is the default: the folder's entry goes rather than staying as [].
  return updateProjectList(
    host,
    'projectMcpServers',
    folder,
    () => [...names],
    'choose the MCP servers again',
  );
}
