import { useEffect, useId, useRef, useState } from 'react';
import { PROVIDER_IDS, PROVIDERS } from '../../providers/config.ts';
import { useUiStore } from '../../store/uiStore.ts';
import { kindColor } from '../kindColors.ts';
import { compileForm, parseJsonText, type CompileOutcome, type CustomForm } from './compileCustom.ts';
import { Modal } from '../Modal.tsx';
import { useSettings } from './settingsStore.ts';
import { useSettingsDialog } from './settingsDialogState.ts';

const ENDPOINT_HINTS: Record<string, string> = {
  runcomfy: 'The model id RunComfy takes in POST /v1/models/{model_id}, e.g. google-deepmind/veo-3-1/reference-to-video.',
  runninghub: 'The path after /openapi/v2/, e.g. rhart-video-v3.1-pro-official/reference-to-video (needs an Enterprise-Shared key).',
};

function Preview({ outcome }: { outcome: CompileOutcome }) {
  if (outcome.state !== 'ok') return null;
  const { template } = outcome;
  return (
    <section className="weft-custom__preview" aria-label="Preview of the node">
      <div className="weft-custom__preview-head">
        <span className="weft-custom__preview-title">{template.title}</span>
        <span className="weft-custom__preview-meta">
          {PROVIDERS[template.provider as 'runcomfy']?.title ?? template.provider} · {template.endpoint}
        </span>
      </div>
      <ul className="weft-custom__ports" aria-label="Inputs">
        {template.inputs.map((f) => (
          <li key={f.name} className="weft-custom__port">
            <span className="weft-custom__dot" style={{ background: kindColor(f.kind) }} aria-hidden="true" />
            <span className="weft-custom__port-name">{f.name}</span>
            {f.required ? <span className="weft-required" aria-label="required">*</span> : null}
            <span className="weft-custom__kind">
              {f.kind}
              {f.list ? ` list${f.list.max !== undefined ? ` (${f.list.min}–${f.list.max})` : ''}` : ''}
              {f.options ? ` · ${f.options.length} options` : ''}
            </span>
          </li>
        ))}
      </ul>
      <ul className="weft-custom__ports weft-custom__ports--out" aria-label="Outputs">
        {template.outputs.map((o) => (
          <li key={o.name} className="weft-custom__port">
            <span className="weft-custom__kind">{o.list ? `${o.kind} list` : o.kind}</span>
            <span className="weft-custom__port-name">{o.name}</span>
            <span className="weft-custom__dot" style={{ background: kindColor(o.kind) }} aria-hidden="true" />
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Add or edit a custom endpoint: paste a schema, name the node, choose where it runs, see its ports. */
export function CustomEndpointDialog({ editing }: { editing: string }) {
  const existing = useSettings((s) => s.customEndpoints.find((e) => e.id === editing));
  const close = useSettingsDialog((s) => s.closeEditor);
  const [form, setForm] = useState<Omit<CustomForm, 'id'>>(() => ({
    source: existing?.source ?? '',
    title: existing?.title ?? '',
    provider: existing?.provider ?? 'runcomfy',
    endpoint: existing?.endpoint ?? '',
  }));
  const [outcome, setOutcome] = useState<CompileOutcome>({ state: 'empty' });
  const [id] = useState(() => existing?.id ?? '');
  const touched = useRef({ title: Boolean(existing), endpoint: Boolean(existing) });
  const ids = { source: useId(), title: useId(), provider: useId(), endpoint: useId(), error: useId() };

  // Recompile shortly after each change (typing a big schema stays smooth).
  useEffect(() => {
    let live = true;
    const timer = window.setTimeout(() => {
      void import('../../core/document/customEndpoints.ts').then(({ customEndpointId }) => {
        const taken = new Set(useSettings.getState().customEndpoints.map((e) => e.id));
        const nodeId = id || customEndpointId(form.title, taken);
        return compileForm({ ...form, id: nodeId });
      }).then((next) => {
        if (live) setOutcome(next);
      });
    }, 150);
    return () => {
      live = false;
      window.clearTimeout(timer);
    };
  }, [form, id]);

  /** A pasted document names itself (and often its endpoint): fill in what the user has not typed. */
  async function prefill(source: string) {
    const json = parseJsonText(source);
    if (!json.ok) return;
    const { suggestChoice } = await import('../../core/document/customEndpoints.ts');
    try {
      const s = suggestChoice(json.value, PROVIDER_IDS);
      setForm((f) => ({
        ...f,
        title: touched.current.title && f.title ? f.title : s.title.slice(0, 200),
        ...(s.provider && s.endpoint && !(touched.current.endpoint && f.endpoint) ? { provider: s.provider, endpoint: s.endpoint } : {}),
      }));
    } catch {
      // not a schema: the preview says why
    }
  }

  function save() {
    if (outcome.state !== 'ok') return;
    const def = outcome.definition;
    useSettings.getState().saveCustomEndpoint({ id: def.id, title: def.title, source: form.source, provider: def.provider, endpoint: def.endpoint, definition: def });
    useUiStore.getState().showToast(`${existing ? 'Updated' : 'Added'} the custom node "${def.title}" — find it in the palette.`, 'info');
    close();
  }

  const error = outcome.state === 'error' ? outcome : null;
  const fieldError = (field: 'source' | 'title' | 'endpoint') => (error?.field === field ? { 'aria-invalid': true as const, 'aria-describedby': ids.error } : {});

  return (
    <Modal
      title={existing ? `Edit ${existing.title}` : 'Add a custom endpoint'}
      subtitle="Paste a JSON Schema, an OpenAPI document or operation, a Replicate model, a RunningHub or RunComfy catalog entry. It becomes a node like any other."
      onClose={close}
      wide
      footer={
        <>
          <span className="weft-custom__status">{outcome.state === 'ok' ? `${outcome.template.inputs.length} inputs · ${outcome.template.outputs[0]?.kind ?? 'no'} output` : ''}</span>
          <button type="button" className="weft-button" onClick={close}>Cancel</button>
          <button type="button" className="weft-button weft-button--primary" disabled={outcome.state !== 'ok'} onClick={save}>
            {existing ? 'Save changes' : 'Add node'}
          </button>
        </>
      }
    >
      <div className="weft-custom">
        <div className="weft-custom__form">
          <label htmlFor={ids.source} className="weft-settings__label">Schema</label>
          <textarea
            id={ids.source}
            data-autofocus
            className="weft-settings__input weft-custom__source"
            value={form.source}
            spellCheck={false}
            placeholder={'{\n  "type": "object",\n  "properties": { "prompt": { "type": "string" } },\n  "required": ["prompt"]\n}'}
            onChange={(e) => setForm((f) => ({ ...f, source: e.target.value }))}
            onPaste={(e) => void prefill(e.clipboardData.getData('text'))}
            onBlur={() => void prefill(form.source)}
            {...fieldError('source')}
          />
          <div className="weft-custom__fields">
            <label htmlFor={ids.title} className="weft-settings__label">Title</label>
            <input id={ids.title} className="weft-settings__input" value={form.title} maxLength={200} onChange={(e) => { touched.current.title = true; setForm((f) => ({ ...f, title: e.target.value })); }} {...fieldError('title')} />
            <label htmlFor={ids.provider} className="weft-settings__label">Runs on</label>
            <select id={ids.provider} className="weft-settings__input" value={form.provider} onChange={(e) => setForm((f) => ({ ...f, provider: e.target.value }))}>
              {PROVIDER_IDS.map((p) => <option key={p} value={p}>{PROVIDERS[p].title}</option>)}
            </select>
            <label htmlFor={ids.endpoint} className="weft-settings__label">Endpoint id</label>
            <input id={ids.endpoint} className="weft-settings__input" value={form.endpoint} maxLength={300} spellCheck={false} onChange={(e) => { touched.current.endpoint = true; setForm((f) => ({ ...f, endpoint: e.target.value })); }} {...fieldError('endpoint')} />
            <p className="weft-settings__help weft-custom__span">{ENDPOINT_HINTS[form.provider]}</p>
          </div>
          {error ? <p id={ids.error} className="weft-settings__error" role="alert">{error.message}</p> : null}
          {outcome.state === 'empty' ? <p className="weft-settings__help">The preview of the node's ports appears here as soon as the schema reads.</p> : null}
        </div>
        <Preview outcome={outcome} />
      </div>
    </Modal>
  );
}
