import { DialogHost } from './DialogHost';
import { MainArea } from './MainArea';
import { Sidebar } from './Sidebar';
import { StatusBar } from './StatusBar';
import { ConnectionBanner } from './ConnectionBanner';
import { Toasts } from './sessions/Toasts';
import '../styles/shell.css';

/** The window's frame: sidebar, tabbed main area, status bar, and the dialogs on top. */
export function AppShell() {
  return (
    <div className="shell">
      <ConnectionBanner />
      <div className="shell-body">
        <Sidebar />
        <MainArea />
      </div>
      <StatusBar />
      <DialogHost />
      <Toasts />
    </div>
  );
}
