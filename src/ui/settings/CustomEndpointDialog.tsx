import { useEffect, useId, useRef, useState } from 'react';
import type { OutputKind } from '../../core/model/template.ts';
import type { SchemaChoice } from '../../core/templates/schemaChoices.ts';
import { PROVIDER_IDS, PROVIDERS } from '../../providers/config.ts';
import { useUiStore } from '../../store/uiStore.ts';
import { getFlowApi } from '../editing/flowApi.ts';
import { addNodeOfType } from '../nodeFactory.ts';
import { newNodePoint } from '../viewport.ts';
import { compileForm, parseJsonText, schemaChoicesOf, type CompileOutcome, type CustomForm } from './compileCustom.ts';
import { CustomEndpointPreview } from './CustomEndpointPreview.tsx';
import { Modal } from '../Modal.tsx';
import { useSettings } from './settingsStore.ts';
import { useSettingsDialog } from './settingsDialogState.ts';

const OUTPUT_KINDS: { kind: OutputKind; label: string }[] = [
  { kind: 'image', label: 'Image' }, { kind: 'video', label: 'Video' }, { kind: 'audio', label: 'Audio' },
  { kind: 'text', label: 'Text' }, { kind: 'json', label: 'JSON' }, { kind: 'file', label: 'Other file (3D, archive…)' },
];

const ENDPOINT_HINTS: Record<string, string> = {
  runcomfy: 'The model id RunComfy takes in POST /v1/models/{model_id}, e.g. google-deepmind/veo-3-1/reference-to-video.',
  runninghub: 'The path after /openapi/v2/, e.g. rhart-video-v3.1-pro-official/reference-to-video (needs an Enterprise-Shared key).',
};

/** Add or edit a custom endpoint: paste a schema, name the node, choose where it runs, see its ports. */
export function CustomEndpointDialog({ editing }: { editing: string }) {
  const existing = useSettings((s) => s.customEndpoints.find((e) => e.id === editing));
  const close = useSettingsDialog((s) => s.closeEditor);
  const closeAll = useSettingsDialog((s) => s.closeSettings);
  const [form, setForm] = useState<Omit<CustomForm, 'id'>>(() => ({
    source: existing?.source ?? '',
    title: existing?.title ?? '',
    provider: existing?.provider ?? 'runcomfy',
    endpoint: existing?.endpoint ?? '',
    ...(existing?.ref ? { ref: existing.ref } : {}),
    ...(existing ? { output: existing.definition.output } : {}),
  }));
  const [outcome, setOutcome] = useState<CompileOutcome>({ state: 'empty' });
  const [choices, setChoices] = useState<SchemaChoice[]>([]);
  const [id] = useState(() => existing?.id ?? '');
  const touched = useRef({ title: Boolean(existing), endpoint: Boolean(existing), output: Boolean(existing) });
  const ids = { source: useId(), ref: useId(), title: useId(), provider: useId(), endpoint: useId(), output: useId(), error: useId() };

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

  // A document with several request schemas and no operation: offer them.
  useEffect(() => {
    let live = true;
    void schemaChoicesOf(form.source).then((next) => {
      if (live) setChoices(next);
    });
    return () => {
      live = false;
    };
  }, [form.source]);

  // The schema names itself and what it returns: fill in what the user has not set (also when typed, not pasted).
  useEffect(() => {
    const timer = window.setTimeout(() => void prefill(form.source, form.ref), 150);
    return () => window.clearTimeout(timer);
  }, [form.source, form.ref]);

  /** A pasted document names itself (and often its endpoint): fill in what the user has not typed. */
  async function prefill(source: string, ref: string | undefined) {
    const json = parseJsonText(source);
    if (!json.ok) return;
    const { suggestChoice } = await import('../../core/document/customEndpoints.ts');
    try {
      const s = suggestChoice(json.value, PROVIDER_IDS, ref);
      setForm((f) => {
        const next = {
          ...f,
          title: touched.current.title && f.title ? f.title : s.title.slice(0, 200),
          ...(s.provider && s.endpoint && !(touched.current.endpoint && f.endpoint) ? { provider: s.provider, endpoint: s.endpoint } : {}),
          ...(touched.current.output ? {} : { output: s.output }),
        };
        return next.title === f.title && next.provider === f.provider && next.endpoint === f.endpoint && next.output?.kind === f.output?.kind && next.output?.list === f.output?.list ? f : next;
      });
    } catch {
      // not a schema (or one still to choose): the preview says why
    }
  }

  function save() {
    if (outcome.state !== 'ok') return;
    const def = outcome.definition;
    useSettings.getState().saveCustomEndpoint({ id: def.id, title: def.title, source: form.source, provider: def.provider, endpoint: def.endpoint, ...(form.ref ? { ref: form.ref } : {}), definition: def });
    if (existing) {
      useUiStore.getState().showToast(`Updated the custom node "${def.title}".`, 'info');
      close();
      return;
    }
    // A new node goes where the user looks, like a palette pick; the palette keeps it too.
    const api = getFlowApi();
    const point = newNodePoint();
    const at = api ? api.screenToFlowPosition(point) : point;
    closeAll();
    void addNodeOfType(def.id, { x: at.x, y: at.y - 160 }).then((nodeId) => {
      if (nodeId) useUiStore.getState().showToast(`Added "${def.title}" to the canvas; it is in the palette too.`, 'info');
    });
  }

  const error = outcome.state === 'error' ? outcome : null;
  const fieldError = (field: 'source' | 'title' | 'endpoint' | 'ref') => (error?.field === field ? { 'aria-invalid': true as const, 'aria-describedby': ids.error } : {});
  const output = form.output ?? (outcome.state === 'ok' ? outcome.definition.output : undefined);

  return (
    <Modal
      title={existing ? `Edit ${existing.title}` : 'Add a custom endpoint'}
      subtitle="Paste a JSON Schema, an OpenAPI document or operation, a Replicate model, a RunningHub or RunComfy catalog entry. It becomes a node like any other."
      onClose={close}
      wide
      footer={
        <>
          <span className="weft-custom__status">{outcome.state === 'ok' ? `${new Set(outcome.template.inputs.map((f) => f.name)).size} inputs · ${outcome.template.outputs[0]?.kind ?? 'no'} output` : ''}</span>
          <button type="button" className="weft-button" onClick={close}>Cancel</button>
          <button type="button" className="weft-button weft-button--primary" disabled={outcome.state !== 'ok'} onClick={save}>
            {existing ? 'Save changes' : 'Add node to canvas'}
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
            {...fieldError('source')}
          />
          <div className="weft-custom__fields">
            {choices.length ? (
              <>
                <label htmlFor={ids.ref} className="weft-settings__label">Request</label>
                <select id={ids.ref} className="weft-settings__input" value={form.ref ?? ''} onChange={(e) => setForm((f) => ({ ...f, ref: e.target.value || undefined }))} {...fieldError('ref')}>
                  <option value="">Choose the request schema…</option>
                  {choices.map((c) => <option key={c.ref} value={c.ref}>{`${c.title} (${decodeURIComponent(c.ref.split('/').pop() ?? '')})`}</option>)}
                </select>
              </>
            ) : null}
            <label htmlFor={ids.title} className="weft-settings__label">Title</label>
            <input id={ids.title} className="weft-settings__input" value={form.title} maxLength={200} onChange={(e) => { touched.current.title = true; setForm((f) => ({ ...f, title: e.target.value })); }} {...fieldError('title')} />
            <label htmlFor={ids.provider} className="weft-settings__label">Runs on</label>
            <select id={ids.provider} className="weft-settings__input" value={form.provider} onChange={(e) => setForm((f) => ({ ...f, provider: e.target.value }))}>
              {PROVIDER_IDS.map((p) => <option key={p} value={p}>{PROVIDERS[p].title}</option>)}
            </select>
            <label htmlFor={ids.endpoint} className="weft-settings__label">Endpoint id</label>
            <input id={ids.endpoint} className="weft-settings__input" value={form.endpoint} maxLength={300} spellCheck={false} onChange={(e) => { touched.current.endpoint = true; setForm((f) => ({ ...f, endpoint: e.target.value })); }} {...fieldError('endpoint')} />
            <p className="weft-settings__help weft-custom__span">{ENDPOINT_HINTS[form.provider]}</p>
            <label htmlFor={ids.output} className="weft-settings__label">Returns</label>
            <div className="weft-custom__output">
              <select
                id={ids.output}
                className="weft-settings__input"
                value={output?.kind ?? 'file'}
                onChange={(e) => { touched.current.output = true; setForm((f) => ({ ...f, output: { kind: e.target.value as OutputKind, list: f.output?.list ?? output?.list ?? false } })); }}
              >
                {OUTPUT_KINDS.map((o) => <option key={o.kind} value={o.kind}>{o.label}</option>)}
              </select>
              <label>
                <input
                  type="checkbox"
                  checked={output?.list ?? false}
                  onChange={(e) => { touched.current.output = true; setForm((f) => ({ ...f, output: { kind: f.output?.kind ?? output?.kind ?? 'file', list: e.target.checked } })); }}
                />
                several
              </label>
            </div>
          </div>
          {error ? <p id={ids.error} className="weft-settings__error" role="alert">{error.message}</p> : null}
          {outcome.state === 'empty' ? <p className="weft-settings__help">The preview of the node's ports appears here as soon as the schema reads.</p> : null}
        </div>
        {outcome.state === 'ok' ? <CustomEndpointPreview template={outcome.template} /> : null}
      </div>
    </Modal>
  );
}
