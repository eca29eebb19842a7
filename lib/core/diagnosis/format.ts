import type { Diagnosis } from './diagnose';
import { LAYERS, SYMPTOMS, type Symptom } from './layers';

/** The diagnosis for a terminal: planes, then each symptom with its layers, evidence and next commands. */
export function formatDiagnosis(d: Diagnosis): string {
  const lines: string[] = [];
  lines.push(`Diagnosis at ${d.readAt}${d.cluster ? ` for cluster ${d.cluster}` : ''}`);
  for (const p of d.planes) {
    const state = p.reachable ? 'reachable' : `UNREACHABLE: ${p.error}`;
    const unreadable = p.unreadable.length ? `; could not list ${p.unreadable.join(', ')}` : '';
    lines.push(`  ${p.role} ${p.name} (context ${p.context}): ${state}${unreadable}`);
  }
  const symptoms = Object.keys(SYMPTOMS).filter((s) => d.symptoms[s as Symptom]) as Symptom[];
  if (symptoms.length === 0) {
    lines.push('', 'No problem found: every operator is available, every DC is Ready and no task or backup has failed.');
    return `${lines.join('\n')}\n`;
  }
  for (const symptom of symptoms) {
    lines.push('', `${SYMPTOMS[symptom]}:`);
    for (const i of d.symptoms[symptom]!) {
      const f = d.findings[i];
      lines.push(`  [${f.layer}] ${f.subject} in ${f.plane}`);
      lines.push(`    layer: ${LAYERS[f.layer]}`);
      for (const e of f.evidence) lines.push(`    - ${e}`);
      for (const c of f.commands) lines.push(`    $ ${c}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
