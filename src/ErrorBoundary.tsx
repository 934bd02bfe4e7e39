// A failure while drawing the app shows what happened and a way back, never a blank page.
// "Go back" remounts the failed part with the store as it was (the data, plans and standards
// edits live in the store and in storage, not in the failed components); reload is the last resort.
import { Component, type ErrorInfo, type ReactNode } from 'react';
import { useT } from './state/store.ts';

interface Props {
  children: ReactNode;
  /** Where the boundary sits, for the console line (the app, the map, a panel). */
  area: string;
}
interface State {
  error: Error | null;
  /** Bumped on "go back" so the children mount afresh. */
  attempt: number;
}

export class ErrorBoundary extends Component<Props, State> {
  state: State = { error: null, attempt: 0 };

  static getDerivedStateFromError(error: unknown): Partial<State> {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  componentDidCatch(error: Error, info: ErrorInfo) {
    console.error(`CircleTwin: ${this.props.area} failed:`, error, info.componentStack);
  }

  render() {
    if (this.state.error) {
      return <Fallback error={this.state.error} onRetry={() => this.setState((s) => ({ error: null, attempt: s.attempt + 1 }))} />;
    }
    return <Attempt key={this.state.attempt}>{this.props.children}</Attempt>;
  }
}

function Attempt({ children }: { children: ReactNode }) {
  return <>{children}</>;
}

function Fallback({ error, onRetry }: { error: Error; onRetry: () => void }) {
  const t = useT();
  return (
    <div className="error-boundary" role="alert" data-testid="error-boundary">
      <h2>{t('error.boundaryTitle')}</h2>
      <p>{t('error.boundaryText')}</p>
      <details>
        <summary>{t('error.details')}</summary>
        <pre>{error.message}</pre>
      </details>
      <div className="row">
        <button type="button" onClick={onRetry} autoFocus>{t('error.boundaryRetry')}</button>
        <button type="button" onClick={() => window.location.reload()}>{t('error.boundaryReload')}</button>
      </div>
    </div>
  );
}
