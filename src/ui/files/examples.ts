import { useUiStore } from '../../store/uiStore.ts';
import { openGraphFromText } from './openActions.ts';

/** One entry of `public/examples/index.json`. */
export interface Example {
  /** File name inside `examples/`, e.g. `veo31-three-references.weft.json`. */
  file: string;
  title: string;
  description: string;
  /** Node types it uses, shown as provider badges. */
  providers: string[];
}

const examplesUrl = (file: string) => `${import.meta.env.BASE_URL}examples/${encodeURIComponent(file)}`;

/** An example's thumbnail (`npm run thumbnails` draws it from the graph: `a.weft.json` → `a.svg`). */
export function thumbnailUrl(example: Example): string {
  return examplesUrl(example.file.replace(/\.weft\.json$/, '.svg'));
}

let listed: Promise<Example[]> | undefined;

function parseExample(raw: unknown): Example | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const { file, title, description, providers } = raw as Record<string, unknown>;
  if (typeof file !== 'string' || !/^[\w.-]+\.weft\.json$/.test(file) || typeof title !== 'string' || typeof description !== 'string') return undefined;
  const list = Array.isArray(providers) ? providers.filter((p): p is string => typeof p === 'string') : [];
  return { file, title, description, providers: list };
}

/** The gallery, from `examples/index.json` (entries that do not read are skipped); fetched once per page. */
export function listExamples(): Promise<Example[]> {
  listed ??= (async () => {
    const response = await fetch(examplesUrl('index.json'));
    if (!response.ok) throw new Error(`the examples index answered ${response.status}`);
    const raw: unknown = await response.json();
    return (Array.isArray(raw) ? raw : []).map(parseExample).filter((e): e is Example => e !== undefined);
  })();
  listed.catch(() => {
    listed = undefined; // a failed fetch is tried again next time
  });
  return listed;
}

/** Opens an example graph (through the normal loader, like any file). */
export async function openExample(example: Example): Promise<boolean> {
  try {
    const response = await fetch(examplesUrl(example.file));
    if (!response.ok) throw new Error(`answered ${response.status}`);
    return await openGraphFromText(await response.text(), { label: `the example "${example.title}"`, how: 'example' });
  } catch (error) {
    useUiStore.getState().showToast(`Could not load the example "${example.title}": ${error instanceof Error ? error.message : String(error)}`, 'error');
    return false;
  }
}
