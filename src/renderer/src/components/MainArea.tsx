import { useUi } from '../stores/ui';
import { TabBar } from './TabBar';
import { Welcome } from './Welcome';
import { FolderPanel } from './FolderPanel';
import '../styles/main.css';

/** The tab bar and the active tab's panel (or the welcome page when nothing is open). */
export function MainArea() {
  const tabs = useUi((s) => s.tabs);
  const activeTab = useUi((s) => s.activeTab);
  const tab = tabs.find((t) => t.id === activeTab);
  return (
    <main className="main">
      <TabBar />
      <div className="panel">{tab ? <FolderPanel tab={tab} /> : <Welcome />}</div>
    </main>
  );
}
