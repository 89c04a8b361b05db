import { useUi } from '../stores/ui';
import { TabBar } from './TabBar';
import { Welcome } from './Welcome';
import { SessionPanel } from './sessions/SessionPanel';
import { StartSessionPanel } from './sessions/StartSessionPanel';
import '../styles/sessions.css';
import '../styles/main.css';

/** The tab bar and the active tab's panel (or the welcome page when nothing is open). */
export function MainArea() {
  const tabs = useUi((s) => s.tabs);
  const activeTab = useUi((s) => s.activeTab);
  const tab = tabs.find((t) => t.id === activeTab);
  return (
    <main className="main">
      <TabBar />
      <div className={`panel ${tab?.kind === 'session' ? 'panel-fill' : ''}`}>
        {!tab ? (
          <Welcome />
        ) : tab.kind === 'session' ? (
          <SessionPanel tab={tab} />
        ) : (
          <StartSessionPanel key={tab.id} tab={tab} />
        )}
      </div>
    </main>
  );
}
