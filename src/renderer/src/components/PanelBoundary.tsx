/**
 * Keeps one panel's failure to itself: a panel that throws while drawing shows what went wrong
 * and a Retry in its place, and the rest of the window goes on (React would otherwise unmount
 * the whole app and leave a blank window).
 */
import { Component, type ErrorInfo, type ReactNode } from 'react';

/** Props of {@link PanelBoundary}. */
export interface PanelBoundaryProps {
  /** The panel's name, for the message ("the plots"). */
  name: string;
  children: ReactNode;
}

interface State {
  error: Error | null;
}

/** An error boundary around one panel. */
export class PanelBoundary extends Component<PanelBoundaryProps, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: unknown): State {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error(`${this.props.name} failed:`, error, info.componentStack);
  }

  override render(): ReactNode {
    if (this.state.error === null) return this.props.children;
    return (
      <div className="panel-failed" role="alert" data-testid="panel-failed">
        <p>
          Could not draw {this.props.name}: {this.state.error.message}
        </p>
        <button type="button" className="btn small" onClick={() => this.setState({ error: null })}>
          Retry
        </button>
      </div>
    );
  }
}
