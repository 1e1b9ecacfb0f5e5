import { useEffect, useId, useState, type FormEvent } from 'react';
import { apiKeyProblem } from '../../providers/apiKey.ts';
import { effectiveModes, fetchServerStatus, type ProviderModeInfo } from '../serverStatus.ts';
import { PROVIDERS, type KnownProviderId } from '../../providers/config.ts';
import { MAX_CONCURRENCY, MAX_KEY_LENGTH, maskKey, useSettings } from './settingsStore.ts';

/** Checks a key as typed: one line of key characters, not too long. Returns the problem, or null. */
export function keyProblem(key: string): string | null {
  if (key.length === 0) return 'Type or paste a key first.';
  if (key.length > MAX_KEY_LENGTH) return `That is longer than any API key (${key.length} characters).`;
  if (/\s/.test(key)) return 'A key has no spaces or line breaks; check what was pasted.';
  const unsendable = apiKeyProblem(key);
  if (unsendable) return `This key cannot be used: ${unsendable}. Check what was pasted.`;
  return null;
}

function KeyField({ id, title }: { id: KnownProviderId; title: string }) {
  const saved = useSettings((s) => s.providers[id].apiKey);
  const setProvider = useSettings((s) => s.setProvider);
  const [draft, setDraft] = useState('');
  const [visible, setVisible] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const inputId = useId();
  const helpId = useId();

  function save(e: FormEvent) {
    e.preventDefault();
    const key = draft.trim();
    const p = keyProblem(key);
    setProblem(p);
    if (p) return;
    setProvider(id, { apiKey: key });
    setDraft('');
    setVisible(false);
  }

  return (
    <form className="weft-settings__key" onSubmit={save}>
      <label htmlFor={inputId} className="weft-settings__label">
        {title} API key
      </label>
      <div className="weft-settings__key-row">
        <input
          id={inputId}
          type={visible ? 'text' : 'password'}
          className="weft-settings__input"
          value={draft}
          placeholder={saved ? `Saved: ${maskKey(saved)} — paste a new key to replace it` : 'Paste your key'}
          autoComplete="off"
          spellCheck={false}
          aria-describedby={helpId}
          aria-invalid={problem ? true : undefined}
          onChange={(e) => {
            setDraft(e.target.value);
            setProblem(null);
          }}
        />
        <button type="button" className="weft-button" aria-pressed={visible} aria-label={visible ? `Hide ${title} key` : `Show ${title} key`} onClick={() => setVisible((v) => !v)} disabled={!draft}>
          {visible ? 'Hide' : 'Show'}
        </button>
        <button type="submit" className="weft-button weft-button--primary" disabled={!draft.trim()}>
          Save key
        </button>
      </div>
      {problem ? <p className="weft-settings__error" role="alert">{problem}</p> : null}
      <p id={helpId} className="weft-settings__help">
        {saved ? (
          <>
            <span className="weft-settings__saved" data-testid={`${id}-saved-key`}>Key saved: {maskKey(saved)}</span>{' '}
            <button type="button" className="weft-link-button" aria-label={`Clear the ${title} key`} onClick={() => setProvider(id, { apiKey: '' })}>
              Clear
            </button>{' '}
            ·{' '}
          </>
        ) : null}
        Stored only in this browser; sent only to Weft&apos;s local server, never put in graphs, links or exports.
      </p>
    </form>
  );
}

/** The server's view of each provider (does it hold a key?), fetched once per page. */
function useServerModes(): ProviderModeInfo[] {
  const [server, setServer] = useState<ProviderModeInfo[]>([]);
  useEffect(() => {
    let live = true;
    void fetchServerStatus().then((list) => live && setServer(list));
    return () => {
      live = false;
    };
  }, []);
  return server;
}

/**
 * "Use simulator": on forces the simulator. With no key here nor on the server the provider runs on
 * the simulator whatever the switch says, so the switch then reads on (and cannot be turned off), as
 * the status line says, instead of reading off while jobs are simulated.
 */
function SimulatorSwitch({ id, title }: { id: KnownProviderId; title: string }) {
  const choice = useSettings((s) => s.providers[id]);
  const setProvider = useSettings((s) => s.setProvider);
  const effective = effectiveModes(useServerModes(), { [id]: choice }).find((p) => p.id === id);
  const forced = !choice.simulator && effective?.reason === 'no-key';
  const on = choice.simulator || forced;
  return (
    <div className="weft-settings__row">
      <span className="weft-settings__label" aria-hidden="true">Use simulator</span>
      <button
        type="button"
        role="switch"
        aria-checked={on}
        aria-disabled={forced || undefined}
        aria-label={`Use simulator for ${title}`}
        className="weft-toggle"
        onClick={() => {
          if (!forced) setProvider(id, { simulator: !choice.simulator });
        }}
      >
        <span className="weft-toggle__thumb" aria-hidden="true" />
      </button>
      <span className="weft-settings__hint">
        {forced
          ? 'On: no key is set, here or on the server, so jobs run on the simulator. Save a key above to run live.'
          : on
            ? 'Jobs run on the built-in simulator: sample results, no credits spent.'
            : 'Jobs run live with the key set (here or on the server), and spend credits.'}
      </span>
    </div>
  );
}

function ConcurrencyField({ id, title }: { id: KnownProviderId; title: string }) {
  const value = useSettings((s) => s.providers[id].concurrency);
  const setProvider = useSettings((s) => s.setProvider);
  const [text, setText] = useState(String(value));
  const inputId = useId();
  const n = Number(text);
  const valid = /^\d+$/.test(text.trim()) && n >= 1 && n <= MAX_CONCURRENCY;
  return (
    <div className="weft-settings__row">
      <label htmlFor={inputId} className="weft-settings__label">Jobs at once</label>
      <input
        id={inputId}
        type="number"
        min={1}
        max={MAX_CONCURRENCY}
        step={1}
        className="weft-settings__input weft-settings__input--narrow"
        aria-label={`${title} jobs at once`}
        aria-invalid={valid ? undefined : true}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          const v = Number(e.target.value);
          if (/^\d+$/.test(e.target.value.trim()) && v >= 1 && v <= MAX_CONCURRENCY) setProvider(id, { concurrency: v });
        }}
        onBlur={() => setText(String(useSettings.getState().providers[id].concurrency))}
      />
      <span className={valid ? 'weft-settings__hint' : 'weft-settings__error'}>
        {valid ? `At most ${value} ${title} ${value === 1 ? 'job runs' : 'jobs run'} at the same time (1–${MAX_CONCURRENCY}).` : `A whole number from 1 to ${MAX_CONCURRENCY}; ${value} is kept.`}
      </span>
    </div>
  );
}

/** One provider's settings: its API key, the simulator switch and its concurrency limit. */
export function ProviderSettingsSection({ id }: { id: KnownProviderId }) {
  const { title } = PROVIDERS[id];
  return (
    <section className="weft-settings__section" aria-label={title}>
      <h3 className="weft-settings__heading">{title}</h3>
      <KeyField id={id} title={title} />
      <SimulatorSwitch id={id} title={title} />
      <ConcurrencyField id={id} title={title} />
    </section>
  );
}
