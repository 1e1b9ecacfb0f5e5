import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '@xyflow/react/dist/style.css';
import './ui/app.css';
import { App } from './ui/App.tsx';
import { loadBuiltinTemplates } from './ui/catalog.ts';
import { preloadEditing } from './ui/editing/commands.ts';
import { startFiles } from './ui/files/startFiles.ts';
import { resumeUnfinishedRun } from './ui/run/runActions.ts';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

// Built-ins (and the template compiler they share with endpoint definitions) load right after the
// first paint, so the first load carries only the palette index and the canvas.
requestAnimationFrame(() => {
  loadBuiltinTemplates().catch((error: unknown) => console.error('Weft: built-in nodes failed to load', error));
  preloadEditing().catch((error: unknown) => console.error('Weft: the exporter failed to load', error));
});

// Open a `#graph=` share link, or reopen the graph that was open before a reload or a crash; then keep
// saving it as it changes. Then, if a run was going on when the page went away, pick its jobs up from
// the journal (no new submits).
startFiles()
  .catch((error: unknown) => console.error('Weft: could not open the shared or autosaved graph', error))
  .finally(() => {
    resumeUnfinishedRun().catch((error: unknown) => console.error('Weft: could not resume the unfinished run', error));
  });
