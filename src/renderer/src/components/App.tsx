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
import { PanelBoundary } from './PanelBoundary';
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
        <PanelBoundary name="the topology panel">
          <TopologyPanel />
        </PanelBoundary>
        <PanelBoundary name="the recordings">
          <RecordingsSection />
        </PanelBoundary>
        <PanelBoundary name="the messages">
          <MessageList />
        </PanelBoundary>
      </aside>
      <main className="center">
        <GraphToolbar />
        <ConnectionBanner />
        <PanelBoundary name="the timeline">
          <Timeline />
        </PanelBoundary>
        <div className="stage">
          <PanelBoundary name="the graph">
            <GraphView />
          </PanelBoundary>
          <StageOverlay />
          <NoticeList />
          <Legend />
        </div>
        <PanelBoundary name="the plots">
          <PlotsPanel />
        </PanelBoundary>
      </main>
      <aside className="right">
        <PanelBoundary name="the inspector">
          <Inspector />
        </PanelBoundary>
        <PanelBoundary name="the chaos panel">
          <ChaosPanel />
        </PanelBoundary>
        <PanelBoundary name="the degree panel">
          <DegreePanel />
        </PanelBoundary>
      </aside>
      <PanelBoundary name="the status bar">
        <StatusBar />
      </PanelBoundary>
    </div>
  );
}
