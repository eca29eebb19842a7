import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CassandraCluster, ControlPlane, CrdSource, DataPlane, Delivery, MissionControlApp } from '../../lib';
import { readSynthesis } from '../../lib/cli/read-synthesis';
import { planChanges, type PlanOptions } from '../../lib/core/topology/plan';

export interface PlatformInput {
  readonly controlPlaneImage?: string;
  /** k8ssandra-operator image per data plane. */
  readonly images?: Partial<Record<'us-east' | 'eu-west' | 'ap-south', string>>;
  /** cass-operator image per data plane. */
  readonly cassImages?: Partial<Record<'us-east' | 'eu-west' | 'ap-south', string>>;
  readonly apSouth?: boolean;
  /** DCs of the one cluster, by data plane. */
  readonly dcs?: ReadonlyArray<'us-east' | 'eu-west' | 'ap-south'>;
  readonly delivery?: Delivery;
  readonly deletionPolicy?: 'Retain' | 'Delete';
}

/** Synthesises a small platform to a folder and reads it back, as `plan` does. */
export function synth(input: PlatformInput = {}) {
  const outdir = join(mkdtempSync(join(tmpdir(), 'mcc-plan-platform-')), 'out');
  const app = new MissionControlApp({ outdir });
  const controlPlane = new ControlPlane(app, 'control-plane', { region: 'us-east-1', operator: input.controlPlaneImage ? { image: input.controlPlaneImage } : undefined });
  const plane = (name: 'us-east' | 'eu-west' | 'ap-south', region: string, inControlPlaneCluster = false) =>
    new DataPlane(app, name, {
      controlPlane,
      name,
      region,
      zones: [`${region}a`, `${region}b`, `${region}c`],
      inControlPlaneCluster,
      crds: CrdSource.none(),
      k8ssandraOperator: input.images?.[name] ? { image: input.images[name] } : undefined,
      cassOperator: input.cassImages?.[name] ? { image: input.cassImages[name] } : undefined,
    });
  const planes = { 'us-east': plane('us-east', 'us-east-1', true), 'eu-west': plane('eu-west', 'eu-west-1'), ...(input.apSouth ? { 'ap-south': plane('ap-south', 'ap-south-1') } : {}) };
  new CassandraCluster(controlPlane, 'orders', {
    delivery: input.delivery,
    deletionPolicy: input.deletionPolicy,
    serverVersion: '4.1.8',
    storage: { storageClassName: 'gp3', size: '100Gi' },
    medusa: { storageProvider: 's3', bucketName: 'backups', storageSecretRef: { name: 'medusa-key' } },
    datacenters: (input.dcs ?? ['us-east', 'eu-west']).map((dp, i) => ({ name: `dc${i + 1}`, dataPlane: planes[dp]!, size: 3 })),
  });
  app.synth();
  return readSynthesis(outdir);
}

/** A plan, one line per change. */
export const asLines = (plan: ReturnType<typeof planChanges>) => plan.changes.map((c) => `${c.severity} ${c.cluster ?? c.plane}/${c.path}: ${c.message}`);

/** The plan between two platforms, one line per change. */
export const lines = (before: PlatformInput, after: PlatformInput, options?: PlanOptions) => asLines(planChanges(synth(before), synth(after), options));
