import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { loadCatalog, loadRanking } from './api/ranking';
import { parseState } from './state';
import './styles.css';

// The first view's queries leave before React renders anything; the App finds their answers waiting.
const initial = parseState(window.location.search, navigator.languages);
loadRanking(initial).catch(() => undefined);
loadCatalog().catch(() => undefined);

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
