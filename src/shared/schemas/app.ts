import { z } from 'zod';

/**
 * The app shell's own methods and events: folders to open, links to open, menu commands.
 * Sessions are started by the sessions domain; the shell only says which folder the user chose.
 */

/** An absolute folder path as the user typed or picked it (checked again on the host). */
export const FolderPath = z.string().min(1).max(4096);

export const PickFolderResult = z.object({
  /** null when the user cancelled the dialog. */
  folder: z.string().nullable(),
});

export const OpenFolderInput = z.object({ folder: FolderPath }).strict();
export const OpenFolderResult = z.object({
  /** The folder, absolute and normalised. */
  folder: z.string(),
});

export const RecentFolder = z.object({ path: z.string(), openedAt: z.string() });
export const RecentFolders = z.object({ folders: z.array(RecentFolder) });
export type RecentFolder = z.infer<typeof RecentFolder>;

export const OpenExternalInput = z.object({ url: z.string().min(1).max(8192) }).strict();

/** Menu items and shortcuts in the Electron app; the renderer decides what each one does. */
export const UiCommandName = z.enum([
  'openFolder',
  'newSession',
  'newTerminal',
  'closeTab',
  'findInTerminal',
  'reviewChanges',
  'settings',
]);
export type UiCommandName = z.infer<typeof UiCommandName>;
export const UiCommand = z.object({ command: UiCommandName });

/**
 * A folder handed to the app from outside the window: a second launch
 * (`claude-run <folder>`, the dock), macOS `open-file`, the menu's Open Recent. The renderer opens a session for it
 * (the sessions domain's start method) exactly as if the user had picked it.
 */
export const OpenFolderRequest = z.object({
  folder: z.string(),
  source: z.enum(['second-instance', 'open-file', 'argv', 'menu']),
});
export type OpenFolderRequest = z.infer<typeof OpenFolderRequest>;
export const OpenFolderRequests = z.object({ requests: z.array(OpenFolderRequest) });
