import { loadCatalog, loadRanking } from './api/ranking';
import { parseState } from './state';

// Imported first by main.tsx, so that it runs before React and Plot are evaluated: the first view's
// queries are on their way while the rest of the script starts up, and the App finds their answers.
const initial = parseState(window.location.search, navigator.languages);
loadRanking(initial).catch(() => undefined);
loadCatalog().catch(() => undefined);
