import { memo, useState } from 'react';
import type { NodeTemplate } from '../../core/model/template.ts';
import type { Value } from '../../core/executor/types.ts';
import { useDocStore } from '../../store/documentStore.ts';
import { getNode } from '../../store/lookups.ts';
import { useUiStore } from '../../store/uiStore.ts';
import { MediaView } from './MediaView.tsx';
import { useNodeRun } from './runStore.ts';
import { bytesOf, downloadBytes, extensionFor, nodeNameFor, saveFileName } from './saveFiles.ts';
import './run.css';

const NONE: readonly Value[] = [];

function Preview({ values }: { values: readonly Value[] }) {
  if (values.length === 0) {
    return (
      <div className="weft-result weft-result--preview">
        <div className="weft-media weft-media--empty">Run the graph to see the result here.</div>
      </div>
    );
  }
  return (
    <div className="weft-result weft-result--preview" data-count={values.length}>
      {values.map((v, i) => (
        <MediaView key={i} value={v} label={`Result ${i + 1}`} />
      ))}
    </div>
  );
}

function SaveFiles({ id, values, saved }: { id: string; values: readonly Value[]; saved: readonly string[] | undefined }) {
  const [busy, setBusy] = useState(false);
  const pattern = useDocStore((s) => getNode(s.doc.nodes, id)?.values.filename);
  const graphName = useDocStore((s) => s.doc.name);
  if (values.length === 0) return <div className="weft-result weft-result--save weft-media--empty">Run the graph to download its result.</div>;
  const download = async () => {
    setBusy(true);
    try {
      let index = 0;
      for (const value of values) {
        const content = await bytesOf(value);
        if (!content) continue;
        const producer = 'from' in value ? value.from?.nodeId : undefined;
        const name = saved?.[index] ?? saveFileName(typeof pattern === 'string' ? pattern : '{graph}-{node}-{index}', { graph: graphName || 'weft', node: nodeNameFor(id, producer), index, ext: extensionFor(content.mimeType, value.kind) });
        downloadBytes(content.bytes, content.mimeType, name);
        index++;
      }
    } catch (error) {
      useUiStore.getState().showToast(`Could not download: ${error instanceof Error ? error.message : String(error)}`, 'error');
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="weft-result weft-result--save">
      {saved?.length ? (
        <ul className="weft-result__files">
          {saved.map((name) => (
            <li key={name} title={name}>{name}</li>
          ))}
        </ul>
      ) : null}
      <button type="button" className="weft-button weft-button--primary nodrag" disabled={busy} onClick={() => void download()}>
        ⤓ Download{values.length > 1 ? ` ${values.length} files` : ''}
      </button>
    </div>
  );
}

/** What a node produced in the last run: the preview node shows images, plays video/audio, shows text. */
export const NodeResult = memo(function NodeResult({ id, template }: { id: string; template: NodeTemplate }) {
  const run = useNodeRun(id);
  const media = run?.outputs?.media ?? NONE;
  if (template.id === 'weft/preview') return <Preview values={media} />;
  if (template.id === 'weft/save') return <SaveFiles id={id} values={media} saved={run?.saved} />;
  return null;
});
