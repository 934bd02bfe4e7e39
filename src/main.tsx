import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import './styles.css';
import { applyUrlView } from './state/url.ts';

// A shared link (?view=3d, ?brief=1&slide=2, ...) sets the view before the first render.
applyUrlView();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
