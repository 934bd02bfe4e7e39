import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import './styles.css';
import { applyUrlView } from './state/url.ts';
import { ErrorBoundary } from './ErrorBoundary.tsx';
import { startEngineRecovery } from './engine/recover.ts';
import { reportStoredSettingProblems } from './state/settingsCheck.ts';

// A shared link (?view=3d, ?brief=1&slide=2, ...) sets the view before the first render.
applyUrlView();
startEngineRecovery();
reportStoredSettingProblems();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ErrorBoundary area="app">
      <App />
    </ErrorBoundary>
  </StrictMode>,
);
