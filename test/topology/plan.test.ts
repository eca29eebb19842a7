import { execSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cluster, controlPlane, dataPlanes } from './fixtures';
import { buildExamplePlatform } from '../../examples/platform/platform';
import { buildProgram } from '../../lib/cli/main';
import { readSynthesis } from '../../lib/cli/read-synthesis';
import type { KubeObject } from '../../lib/core/kube-object';
import { dataPlaneFolder, CONTROL_PLANE_FOLDER } from '../../lib/core/model/platform';
import { clusterManifests } from '../../lib/core/topology/delivery';
import { Delivery, ServerType, type CassandraClusterSpec } from '../../lib/core/topology/model';
import { ChangeSeverity, formatPlan, planChanges } from '../../lib/core/topology/plan';

function folders(spec: CassandraClusterSpec): Record<string, KubeObject[]> {
  const m = clusterManifests(spec, controlPlane, dataPlanes);
  const out: Record<string, KubeObject[]> = { [CONTROL_PLANE_FOLDER]: m.controlPlane };
  for (const [dp, objects] of m.dataPlanes) out[dataPlaneFolder(dp)] = objects;
  return out;
}

const dcs = [
  { name: 'dc1', dataPlane: 'us-east', size: 3 },
  { name: 'dc3', dataPlane: 'eu-west', size: 3 },
];
type Input = Parameters<typeof cluster>[0];

describe.each([Delivery.RECONCILED, Delivery.STATIC])('%s delivery', (delivery) => {
  const base: Input = { delivery, datacenters: dcs };
  const plan = (after: Input, before: Input = base) => planChanges(folders(cluster({ ...base, ...before })), folders(cluster({ ...base, ...after })));
  const only = (after: Input, severity: ChangeSeverity, pattern: RegExp, before?: Input) => {
    const p = plan(after, before);
    expect(p.changes.map((c) => `${c.severity} ${c.cluster}/${c.path}: ${c.message}`)).toEqual([expect.stringMatching(new RegExp(`^${severity} .*${pattern.source}`))]);
  };
  const has = (after: Input, severity: ChangeSeverity, pattern: RegExp, before?: Input) => {
    const p = plan(after, before);
    expect(p.changes.map((c) => `${c.severity} ${c.cluster}/${c.path}: ${c.message}`)).toContainEqual(expect.stringMatching(new RegExp(`^${severity} .*${pattern.source}`)));
  };
  const withDc = (over: Partial<(typeof dcs)[number]> & Record<string, unknown>): Input => ({ datacenters: [{ ...dcs[0], ...over }, dcs[1]] });

  test('no change, no plan', () => {
    expect(plan(base).changes).toEqual([]);
  });

  describe('forbidden', () => {
    test('clusterName', () => only({ clusterName: 'other' }, ChangeSeverity.FORBIDDEN, /clusterName orders -> other/));
    test('serverType', () => {
      const p = plan({ serverType: ServerType.DSE, serverVersion: '6.8.50' });
      expect(p.changes.filter((c) => c.severity === ChangeSeverity.FORBIDDEN).map((c) => c.message)).toEqual([expect.stringMatching(/serverType cassandra -> dse/)]);
    });
    test('DC rename (add and remove in one step)', () => only({ datacenters: [{ ...dcs[0], name: 'dc9' }, dcs[1]] }, ChangeSeverity.FORBIDDEN, /DCs dc1 removed and dc9 added in one step/));
    test('rack removal', () => has(withDc({ racks: [{ name: 'r1', zone: 'us-east-1a' }], size: 3 }), ChangeSeverity.FORBIDDEN, /racks \[r1, r2\] become \[r1\]/, withDc({ racks: [{ name: 'r1', zone: 'us-east-1a' }, { name: 'r2', zone: 'us-east-1b' }], size: 4 })));
    test('rack rename', () => only(withDc({ racks: [{ name: 'zz', zone: 'us-east-1a' }], size: 3 }), ChangeSeverity.FORBIDDEN, /racks \[r1\] become \[zz\]/, withDc({ racks: [{ name: 'r1', zone: 'us-east-1a' }], size: 3 })));
    test('rack added without enough new nodes', () =>
      has(withDc({ racks: [{ name: 'r1', zone: 'us-east-1a' }, { name: 'r2', zone: 'us-east-1b' }], size: 4 }), ChangeSeverity.FORBIDDEN, /must grow by at least 3/, withDc({ racks: [{ name: 'r1', zone: 'us-east-1a' }], size: 3 })));
    test('storage shrink', () => has({ storage: { storageClassName: 'gp3', size: '50Gi' } }, ChangeSeverity.FORBIDDEN, /dc1\/storage\/size: storage 100Gi -> 50Gi; volumes cannot shrink/));
    test('storage class change', () => only(withDc({ storage: { storageClassName: 'io2', size: '100Gi' } }), ChangeSeverity.FORBIDDEN, /dc1\/storage\/storageClassName: storage class gp3 -> io2/));
    test('num_tokens', () => {
      const p = plan({ config: { cassandraYaml: { num_tokens: 256 } } });
      expect(p.changes.filter((c) => c.severity === ChangeSeverity.FORBIDDEN).map((c) => c.message)).toEqual([expect.stringMatching(/num_tokens 16 -> 256/), expect.stringMatching(/num_tokens 16 -> 256/)]);
    });
    test('DC moved to another data plane', () => only({ datacenters: [{ ...dcs[0], dataPlane: 'eu-west' }, dcs[1]] }, ChangeSeverity.FORBIDDEN, /DC dc1 moves from data plane us-east to eu-west/));
    test('superuser Secret', () => only({ superuserSecretRef: { name: 'other' } }, ChangeSeverity.FORBIDDEN, /superuser Secret orders-superuser -> other/));
    test('DC removed while declared keyspaces keep replicas in it (upstream would not decommission it)', () => {
      const keyspaces = [{ name: 'orders', replication: { dc1: 3, dc3: 3 } }];
      only({ keyspaces, datacenters: [dcs[0]] }, ChangeSeverity.FORBIDDEN, /DC dc3 removed while keyspaces orders keep replicas in it; .*set their replication in dc3 to 0/, { keyspaces });
    });
  });

  describe('risky', () => {
    test('server version (rolling restart)', () => only(withDc({ serverVersion: '4.1.9' }), ChangeSeverity.RISKY, /dc1\/serverVersion: server version 4.1.8 -> 4.1.9: rolling restart/));
    test('config (rolling restart)', () => only(withDc({ config: { cassandraYaml: { concurrent_reads: 64 } } }), ChangeSeverity.RISKY, /dc1\/config: configuration changes: rolling restart/));
    test('resources (rolling restart)', () => only(withDc({ resources: { requests: { cpu: '4' } } }), ChangeSeverity.RISKY, /dc1\/resources: resources change: rolling restart/));
    test('scale down', () => only(withDc({ size: 2, racks: [{ name: 'r1', zone: 'us-east-1a' }] }), ChangeSeverity.RISKY, /size 3 -> 2: nodes are decommissioned/, withDc({ racks: [{ name: 'r1', zone: 'us-east-1a' }] })));
    test('DC removed without declared keyspaces', () => only({ datacenters: [dcs[0]] }, ChangeSeverity.RISKY, /DC dc3 removed: upstream decommissions its nodes and deletes the DC; no keyspaces are declared/));
    test('DC removed once no declared keyspace replicates to it', () =>
      only({ datacenters: [dcs[0]], keyspaces: [{ name: 'orders', replication: { dc1: 3 } }] }, ChangeSeverity.RISKY, /DC dc3 removed: .*no declared keyspace replicates to it/, { keyspaces: [{ name: 'orders', replication: { dc1: 3 } }] }));
    test('DC added without declared keyspaces gets no user data', () => only({ datacenters: [...dcs, { name: 'dc2', dataPlane: 'us-east', size: 3 }] }, ChangeSeverity.RISKY, /DC dc2 added in .*rebuilt from them; it receives no user data: declare keyspaces/));
    test('storage growth', () => has({ storage: { storageClassName: 'gp3', size: '200Gi' } }, ChangeSeverity.RISKY, /dc1\/storage\/size: storage 100Gi -> 200Gi; volume expansion/));
  });

  describe('safe', () => {
    test('scale up', () => only(withDc({ size: 6 }), ChangeSeverity.SAFE, /dc1\/size: size 3 -> 6/));
    test('DC added: rebuilt with the declared keyspaces', () => {
      const keyspaces = [{ name: 'orders', replication: { dc1: 3, dc2: 3, dc3: 3 } }];
      only({ keyspaces, datacenters: [...dcs, { name: 'dc2', dataPlane: 'us-east', size: 3 }] }, ChangeSeverity.SAFE, /datacenters\/dc2: DC dc2 added in us-east: created after the existing DCs and rebuilt from them; it receives keyspaces orders/, { keyspaces });
    });
    test('new cluster', () => {
      const p = planChanges({}, folders(cluster(base)));
      expect(p.changes.map((c) => `${c.severity} ${c.message}`)).toEqual(['safe new cluster with DCs dc1, dc3']);
    });
  });
});

test('storage changes are reported once per DC that uses the cluster storage', () => {
  const before = folders(cluster({ datacenters: dcs }));
  const after = folders(cluster({ datacenters: dcs, storage: { storageClassName: 'gp3', size: '50Gi' } }));
  expect(planChanges(before, after).forbidden).toBe(2);
});

test('formatPlan lists forbidden changes first and counts them', () => {
  const text = formatPlan(planChanges(folders(cluster({ datacenters: dcs })), folders(cluster({ datacenters: [{ ...dcs[0], size: 6 }, dcs[1]], clusterName: 'x' }))));
  expect(text.split('\n')[0]).toMatch(/^FORBIDDEN orders\/clusterName/);
  expect(text).toMatch(/1 forbidden, 0 risky, 1 safe\./);
});

describe('reading a synthesised folder', () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'mcc-plan-')), 'out');
  buildExamplePlatform({ outdir: dir }).app.synth();

  test('the synthesised example reads back into the same clusters', () => {
    const read = readSynthesis(dir);
    expect(Object.keys(read).sort()).toEqual(['control-plane', 'data-plane-eu-west', 'data-plane-us-east']);
    expect(planChanges(read, read).changes).toEqual([]);
    const kinds = Object.values(read).flat().map((o) => o.kind);
    expect(kinds).toEqual(expect.arrayContaining(['MissionControlCluster', 'K8ssandraCluster']));
  });

  test('the CLI exits non-zero on forbidden changes', () => {
    const root = join(__dirname, '..', '..');
    const withExtra = (clusterName: string) => [
      `import { CassandraCluster } from ${JSON.stringify(join(root, 'lib'))};`,
      `import { buildExamplePlatform } from ${JSON.stringify(join(root, 'examples/platform/platform'))};`,
      'const { app, controlPlane, dataPlanes } = buildExamplePlatform({ clusters: false, outdir: process.env.OUT });',
      `new CassandraCluster(controlPlane, 'extra', { clusterName: '${clusterName}', serverVersion: '5.0.4', storage: { storageClassName: 'gp3', size: '1Gi' }, datacenters: [{ name: 'x1', dataPlane: dataPlanes.euWest, size: 3 }] });`,
      'app.synth();',
    ].join('\n');
    const base = mkdtempSync(join(tmpdir(), 'mcc-cli-'));
    const previous = join(base, 'app-previous.ts');
    const next = join(base, 'app-next.ts');
    writeFileSync(previous, withExtra('first'));
    writeFileSync(next, withExtra('second'));
    execSync(`npx ts-node --transpile-only --project tsconfig.json ${previous}`, { cwd: root, env: { ...process.env, OUT: join(base, 'previous') }, stdio: 'ignore' });
    const out: string[] = [];
    const write = jest.spyOn(process.stdout, 'write').mockImplementation((s) => (out.push(String(s)), true));
    const previousExit = process.exitCode;
    try {
      buildProgram().parse(['node', 'mission-control-constructs', 'plan', '--previous', join(base, 'previous'), '--app', next]);
      expect(process.exitCode).toBe(1);
    } finally {
      process.exitCode = previousExit;
      write.mockRestore();
    }
    expect(out.join('')).toMatch(/^FORBIDDEN extra\/clusterName: clusterName first -> second/);
  });
});
