import { withShortcut } from '../shortcuts';
import { useConnection } from '../stores/connection';
import { useUi } from '../stores/ui';
import { neutraliseLine } from '../../../shared/neutralise';

export function TabBar() {
  const { tabs, activeTab, activate, closeTab } = useUi();
  const mode = useConnection((s) => s.mode);
  return (
    <div className="tabbar" role="tablist">
      {tabs.length === 0 && <div className="tab tab-active tab-static">Welcome</div>}
      {tabs.map((tab) => (
        <div
          key={tab.id}
          className={`tab ${tab.id === activeTab ? 'tab-active' : ''}`}
          role="tab"
          aria-selected={tab.id === activeTab}
        >
          <button
            className="tab-label"
            title={neutraliseLine(tab.kind === 'folder' ? tab.subject : tab.title)}
            onClick={() => activate(tab.id)}
          >
            {neutraliseLine(tab.title)}
          </button>
          <button
            className="tab-close"
            aria-label={`Close ${neutraliseLine(tab.title)}`}
            title={withShortcut('Close tab', 'closeTab', mode)}
            onClick={() => closeTab(tab.id)}
          >
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
