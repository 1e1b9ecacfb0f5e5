import { useEffect, useState } from 'react';
import { ExampleCard } from './ExampleCard.tsx';
import { listExamples, type Example } from './examples.ts';

/**
 * What an empty canvas shows (a first visit, or after New): the examples as cards with thumbnails, one
 * click from a working pipeline, and how to start from nothing. Only the cards take the pointer: a
 * double-click anywhere else on the canvas still opens the node search.
 */
export function FirstRun() {
  const [examples, setExamples] = useState<Example[]>([]);
  useEffect(() => {
    let live = true;
    listExamples().then(
      (list) => live && setExamples(list),
      () => undefined, // no gallery: the hint below still says how to start
    );
    return () => {
      live = false;
    };
  }, []);
  return (
    <section className="weft-empty" aria-labelledby="weft-empty-title">
      <h2 id="weft-empty-title" className="weft-empty__title">
        Start from an example
      </h2>
      <p className="weft-empty__hint">With no API key they run on the simulator and cost nothing.</p>
      {examples.length ? (
        <ul className="weft-empty__cards">
          {examples.map((example) => (
            <li key={example.file}>
              <ExampleCard example={example} compact />
            </li>
          ))}
        </ul>
      ) : null}
      <p className="weft-empty__hint">
        Or build your own: pick a node in the palette, double-click the canvas, or press <kbd>/</kbd> to search.
      </p>
    </section>
  );
}
