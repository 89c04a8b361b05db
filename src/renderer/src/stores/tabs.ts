/**
 * What a main-area tab is called and how it is identified, in one place (DOM-free: the layout
 * that is restored after a reload builds its tabs with these too).
 */
import type { SessionInfo } from '../../../shared/schemas/session';
import type { Tab } from './ui';

export function baseName(path: string): string {
  const parts = path.split(/[\\/]+/).filter(Boolean);
  return parts.at(-1) ?? path;
}

export const sessionTabId = (id: string) => `session:${id}`;
export const folderTabId = (folder: string) => `folder:${folder}`;

export function sessionTitle(s: SessionInfo): string {
  return `${baseName(s.folder)} · ${s.name}`;
}

export function sessionTab(s: SessionInfo): Tab {
  return { id: sessionTabId(s.id), kind: 'session', title: sessionTitle(s), subject: s.id };
}

export function folderTab(folder: string): Tab {
  return { id: folderTabId(folder), kind: 'folder', title: baseName(folder), subject: folder };
}
