import { openExample, thumbnailUrl, type Example } from './examples.ts';

const PROVIDER_NAMES: Record<string, string> = { runcomfy: 'RunComfy', runninghub: 'RunningHub' };

/** One example as a card: its thumbnail (the graph drawn small), title, description and providers; a click opens it. */
export function ExampleCard({ example, compact, onOpen }: { example: Example; compact?: boolean; onOpen?(): void }) {
  return (
    <button
      type="button"
      className={`weft-examples__card${compact ? ' is-compact' : ''}`}
      onClick={() => {
        onOpen?.();
        void openExample(example);
      }}
    >
      <img className="weft-examples__thumb" src={thumbnailUrl(example)} alt="" width={320} height={180} loading="lazy" draggable={false} />
      <span className="weft-examples__title">{example.title}</span>
      {compact ? null : <span className="weft-examples__description">{example.description}</span>}
      <span className="weft-examples__badges">
        {example.providers.map((p) => (
          <span key={p} className={`weft-badge is-${p.replace(/[^a-z]/g, '')}`}>
            {PROVIDER_NAMES[p] ?? p}
          </span>
        ))}
      </span>
    </button>
  );
}
