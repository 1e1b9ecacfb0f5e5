import { useEffect, useState } from 'react';
import { Dialog } from './Dialog.tsx';
import { ExampleCard } from './ExampleCard.tsx';
import { listExamples, type Example } from './examples.ts';

/** The examples gallery: one card per example graph; one click opens it. */
export function ExamplesDialog({ onClose }: { onClose(): void }) {
  const [examples, setExamples] = useState<Example[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    listExamples().then(
      (list) => live && setExamples(list),
      (e: unknown) => live && setError(e instanceof Error ? e.message : String(e)),
    );
    return () => {
      live = false;
    };
  }, []);
  return (
    <Dialog title="Examples" onClose={onClose} className="weft-examples">
      <p className="weft-muted">Ready-made pipelines. With no API key they run on the simulator and cost nothing.</p>
      {error ? <p className="weft-error">Could not load the examples: {error}</p> : null}
      {examples === null && !error ? <p className="weft-muted">Loading…</p> : null}
      <ul className="weft-examples__grid">
        {(examples ?? []).map((example) => (
          <li key={example.file}>
            <ExampleCard example={example} onOpen={onClose} />
          </li>
        ))}
      </ul>
    </Dialog>
  );
}
