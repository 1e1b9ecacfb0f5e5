import { useState } from 'react';
import { PROVIDERS } from '../../providers/config.ts';
import { useDocStore } from '../../store/documentStore.ts';
import { useSettings, type CustomEndpoint } from './settingsStore.ts';
import { useSettingsDialog } from './settingsDialogState.ts';

function Row({ endpoint }: { endpoint: CustomEndpoint }) {
  const edit = useSettingsDialog((s) => s.editCustomEndpoint);
  const uses = useDocStore((s) => s.doc.nodes.reduce((n, node) => (node.type === endpoint.id ? n + 1 : n), 0));
  const [confirming, setConfirming] = useState(false);
  const where = PROVIDERS[endpoint.provider as 'runcomfy']?.title ?? endpoint.provider;
  return (
    <li className="weft-custom-list__row">
      <div className="weft-custom-list__text">
        <span className="weft-custom-list__title">{endpoint.title}</span>
        <span className="weft-custom-list__meta">
          {where} · {endpoint.endpoint} · {endpoint.definition.output.kind}
          {uses > 0 ? ` · ${uses} in this graph` : ''}
        </span>
      </div>
      {confirming ? (
        <>
          <span className="weft-settings__hint" role="status">
            {uses > 0 ? `${uses} ${uses === 1 ? 'node uses' : 'nodes use'} it; they keep their copy in this graph.` : 'Remove it from this browser?'}
          </span>
          <button type="button" className="weft-button weft-button--danger" onClick={() => useSettings.getState().removeCustomEndpoint(endpoint.id)}>
            Remove
          </button>
          <button type="button" className="weft-button" onClick={() => setConfirming(false)}>
            Keep
          </button>
        </>
      ) : (
        <>
          <button type="button" className="weft-button" aria-label={`Edit ${endpoint.title}`} onClick={() => edit(endpoint.id)}>
            Edit
          </button>
          <button type="button" className="weft-button weft-button--danger" aria-label={`Remove ${endpoint.title}`} onClick={() => setConfirming(true)}>
            Remove
          </button>
        </>
      )}
    </li>
  );
}

/** The custom endpoints kept in this browser: add, edit, remove. */
export function CustomEndpointsSection() {
  const endpoints = useSettings((s) => s.customEndpoints);
  const edit = useSettingsDialog((s) => s.editCustomEndpoint);
  return (
    <section className="weft-settings__section" aria-label="Custom endpoints">
      <div className="weft-settings__heading-row">
        <h3 className="weft-settings__heading">Custom endpoints</h3>
        <button type="button" className="weft-button" onClick={() => edit('new')}>
          Add custom endpoint…
        </button>
      </div>
      <p className="weft-settings__help">
        Nodes made from a schema you paste, run on a RunComfy or RunningHub endpoint you name. Kept in this browser, and carried inside every graph file and link that uses them.
      </p>
      {endpoints.length === 0 ? null : (
        <ul className="weft-custom-list">
          {endpoints.map((e) => (
            <Row key={e.id} endpoint={e} />
          ))}
        </ul>
      )}
    </section>
  );
}
