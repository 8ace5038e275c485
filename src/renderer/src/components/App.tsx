/** The one window: controls and messages left, the graph centre, inspector, chaos and degree panels right, status below. */
import { ChaosPanel } from './ChaosPanel';
import { ConnectionBanner } from './ConnectionBanner';
import { ControlsPanel } from './ControlsPanel';
import { DegreePanel } from './DegreePanel';
import { GraphToolbar } from './GraphToolbar';
import { GraphView } from './GraphView';
import { Inspector } from './Inspector';
import { Legend } from './Legend';
import { MessageList } from './MessageList';
import { NoticeList } from './NoticeList';
import { PlotsPanel } from './PlotsPanel';
import { RecordingsSection } from './RecordingsSection';
import { Timeline } from './Timeline';
import { useRecordingDrop } from '../recording/useRecordingDrop';
import { StageOverlay } from './StageOverlay';
import { StatusBar } from './StatusBar';
import { TopologyPanel } from './TopologyPanel';

/** The application shell. */
export function App() {
  const drop = useRecordingDrop();
  return (
    <div className="app" {...drop}>
      <aside className="left">
        <div className="brand">
          <span className="logo" aria-hidden="true" />
          <h1>Gossip Lab</h1>
        </div>
        <ControlsPanel />
        <TopologyPanel />
        <RecordingsSection />
        <MessageList />
      </aside>
      <main className="center">
        <GraphToolbar />
        <ConnectionBanner />
        <Timeline />
        <div className="stage">
          <GraphView />
          <StageOverlay />
          <NoticeList />
          <Legend />
        </div>
        <PlotsPanel />
      </main>
      <aside className="right">
        <Inspector />
        <ChaosPanel />
        <DegreePanel />
      </aside>
      <StatusBar />
    </div>
  );
}
