import type { Field, NodeTemplate } from '../../core/model/template.ts';
import { mappingReport } from '../../core/templates/describe.ts';
import { PROVIDERS } from '../../providers/config.ts';
import { kindColor } from '../kindColors.ts';

/** "image list (1–4)", "enum · 6 options", "text or json · 2 forms", "enum · free text". */
function kindText(f: Field): string {
  const parts = [`${f.kind}${f.list ? ` list${f.list.max !== undefined ? ` (${f.list.min}–${f.list.max})` : ''}` : ''}`];
  if (f.options && !f.selects) parts.push(`${f.options.length} options`);
  if (f.freeText) parts.push('free text');
  if (f.forms) parts.push(`${f.forms.length} forms`);
  if (f.selects) parts.push(`${f.options?.length ?? 0} variants`);
  return parts.join(' · ');
}

/** The node a pasted schema makes: its inputs (with the variant each belongs to), outputs, and what did not map one to one. */
export function CustomEndpointPreview({ template }: { template: NodeTemplate }) {
  const report = mappingReport(template);
  return (
    <section className="weft-custom__preview" aria-label="Preview of the node">
      <div className="weft-custom__preview-head">
        <span className="weft-custom__preview-title">{template.title}</span>
        <span className="weft-custom__preview-meta">
          {PROVIDERS[template.provider as 'runcomfy']?.title ?? template.provider} · {template.endpoint}
        </span>
      </div>
      <ul className="weft-custom__ports" aria-label="Inputs">
        {template.inputs.map((f, i) => (
          <li key={`${f.name}-${i}`} className="weft-custom__port" data-field={f.name}>
            <span className="weft-custom__dot" style={{ background: kindColor(f.kind) }} aria-hidden="true" />
            <span className="weft-custom__port-name">{f.name}</span>
            {f.required ? <span className="weft-required" aria-label="required">*</span> : null}
            {f.when ? <span className="weft-custom__when" title={`Only when ${f.when.field} is ${f.when.values.join(' or ')}`}>{f.when.values.map(String).join(', ')}</span> : null}
            <span className="weft-custom__kind">{kindText(f)}</span>
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
      {report.length ? (
        <div className="weft-custom__report">
          <div className="weft-custom__report-head">Not mapped one to one ({report.length})</div>
          <ul aria-label="Fields not mapped one to one">
            {report.map((line, i) => {
              const cut = line.indexOf(': ');
              return (
                <li key={i}>
                  <code>{line.slice(0, cut)}</code> {line.slice(cut + 2)}
                </li>
              );
            })}
          </ul>
        </div>
      ) : null}
    </section>
  );
}
