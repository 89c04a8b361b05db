/** The sessions in the sidebar: see sessions/SessionSidebar (grouped, live status, actions). */
export { SessionSidebar as SessionList } from './sessions/SessionSidebar';
