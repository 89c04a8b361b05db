/**
 * The menu item's conversation: install, then say what happened in a dialog (the exact sudo
 * command when the folder is not writable; how to get the command on Windows).
 */
import { type MessageBoxOptions, dialog } from 'electron';
import { installCommand, type InstallOptions, type InstallOutcome } from './install-command';

type Options = Partial<Pick<InstallOptions, 'target' | 'alsoInstalledAt'>>;

export async function installCommandFromMenu(
  options: Options = {},
): Promise<InstallOutcome | null> {
  try {
    return await installAndTell(options);
  } catch (err) {
    await dialog.showMessageBox({
      type: 'error',
      message: "The 'claude-run' command could not be installed.",
      detail: err instanceof Error ? err.message : String(err),
    });
    return null;
  }
}

async function installAndTell(options: Options): Promise<InstallOutcome> {
  const base: InstallOptions = {
    platform: process.platform,
    execPath: process.execPath,
    appImage: process.env.APPIMAGE,
    ...options,
  };
  let outcome = await installCommand(base);
  if (outcome.kind === 'occupied') {
    const { response } = await dialog.showMessageBox({
      type: 'question',
      buttons: ['Replace', 'Cancel'],
      defaultId: 1,
      cancelId: 1,
      message: `${outcome.target} already exists.`,
      detail: `It points to ${outcome.existing}. Replace it with a link to this app?`,
    });
    if (response !== 0) return outcome;
    outcome = await installCommand({ ...base, replace: true });
  }
  await dialog.showMessageBox(describe(outcome));
  return outcome;
}

function describe(outcome: InstallOutcome): MessageBoxOptions {
  switch (outcome.kind) {
    case 'installed':
      return {
        type: 'info',
        message: "The 'claude-run' command is installed.",
        detail: `${outcome.target} → ${outcome.source}\nTry \`claude-run --help\` in a new terminal.`,
      };
    case 'already':
      return {
        type: 'info',
        message: "The 'claude-run' command is already installed.",
        detail: `${outcome.target} points to this app.`,
      };
    case 'needs-admin':
      return {
        type: 'warning',
        message: `${outcome.target} needs administrator rights.`,
        detail: `Run this in a terminal, then try \`claude-run --help\`:\n\n${outcome.command}`,
      };
    case 'occupied':
      return { type: 'info', message: `${outcome.target} was left as it is.` };
    case 'windows':
      // The NSIS installer does not touch PATH and names the program after the product.
      return {
        type: 'info',
        message: "On Windows, run the app's program with a command, or use the npm package.",
        detail:
          `The installer does not add a 'claude-run' command. Either run the program itself ` +
          `(for example \`& "${process.execPath}" list\` in PowerShell), add its folder to ` +
          `your PATH (Settings › System › About › Advanced system settings › Environment ` +
          `Variables), or run \`npm install -g claude-code-runner\` for a 'claude-run' command.`,
      };
  }
}
