import { datacenterFindings, missionControlClusterFindings } from './cluster-findings';
import type { Finding } from './finding';
import { SYMPTOMS, type Symptom } from './layers';
import { operatorHealthFindings } from './operator-health';
import { planeFindings } from './plane-findings';
import type { PlatformSnapshot } from './snapshot';
import { backupFindings, taskFindings } from './task-findings';

/** Options of {@link diagnose}. */
export interface DiagnoseOptions {
  /** Only what concerns this Cassandra cluster (its DCs' planes, its tasks); all clusters when absent. */
  readonly cluster?: string;
  /**
   * How long cluster creation, a DC's readiness or a task may take before it counts as stuck.
   * @default 600000 (10 minutes)
   */
  readonly stuckAfterMs?: number;
}

/** A plane as the diagnosis saw it. */
export interface PlaneSummary {
  readonly name: string;
  readonly role: 'control-plane' | 'data-plane';
  readonly context: string;
  readonly reachable: boolean;
  readonly error?: string;
  /** Kinds the identity used could not list there. */
  readonly unreadable: readonly string[];
}

/** What `diagnose` answers: the planes read and every problem found, grouped by symptom too. */
export interface Diagnosis {
  readonly readAt: string;
  readonly cluster?: string;
  readonly planes: readonly PlaneSummary[];
  readonly findings: readonly Finding[];
  /** For each symptom, the indexes in `findings` that explain it, most direct first. */
  readonly symptoms: Partial<Record<Symptom, readonly number[]>>;
}

export const DEFAULT_STUCK_AFTER_MS = 10 * 60 * 1000;

/**
 * Reads a snapshot the way the troubleshooting table does: for each symptom, which operator
 * layer is involved and the evidence for it. Pure: the snapshot holds everything it reads.
 */
export function diagnose(snapshot: PlatformSnapshot, options: DiagnoseOptions = {}): Diagnosis {
  const checks = { stuckAfterMs: options.stuckAfterMs ?? DEFAULT_STUCK_AFTER_MS };
  const all = [
    ...planeFindings(snapshot),
    ...operatorHealthFindings(snapshot),
    ...missionControlClusterFindings(snapshot, checks),
    ...datacenterFindings(snapshot, checks),
    ...taskFindings(snapshot, checks),
    ...backupFindings(snapshot, checks),
  ];
  const findings = options.cluster === undefined ? all : all.filter((f) => f.clusters === undefined || f.clusters.includes(options.cluster!));
  const symptoms: Partial<Record<Symptom, number[]>> = {};
  for (const symptom of Object.keys(SYMPTOMS) as Symptom[]) {
    const indexes = findings.map((f, i) => [f, i] as const).filter(([f]) => f.symptoms.includes(symptom))
      // A finding whose first symptom this is explains it more directly than one listing it later.
      .sort(([a, i], [b, j]) => a.symptoms.indexOf(symptom) - b.symptoms.indexOf(symptom) || i - j)
      .map(([, i]) => i);
    if (indexes.length > 0) symptoms[symptom] = indexes;
  }
  const planes: PlaneSummary[] = [
    { ...summary(snapshot.controlPlane), role: 'control-plane' },
    ...snapshot.dataPlanes.map((d) => ({ ...summary(d), role: 'data-plane' as const })),
  ];
  return { readAt: new Date(snapshot.readAt).toISOString(), ...(options.cluster ? { cluster: options.cluster } : {}), planes, findings, symptoms };
}

const summary = (p: PlatformSnapshot['controlPlane'] | PlatformSnapshot['dataPlanes'][number]) => ({
  name: p.name,
  context: p.context,
  reachable: p.error === undefined,
  ...(p.error !== undefined ? { error: p.error } : {}),
  unreadable: p.unreadable,
});
