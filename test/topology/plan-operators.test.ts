import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { asLines, lines, synth } from './plan-platform';
import { buildProgram } from '../../lib/cli/main';
import type { KubeObject } from '../../lib/core/kube-object';
import { planChanges } from '../../lib/core/topology/plan';
import type { Folders } from '../../lib/core/topology/plan-change';

const NEXT = 'docker.io/k8ssandra/k8ssandra-operator:v1.32.6';
const CASS_NEXT = 'docker.io/k8ssandra/cass-operator:v1.30.4';
const OPERATOR_NEXT = 'ghcr.io/mission-control-constructs/mission-control-operator:v0.1.1';

describe('operator upgrades', () => {
  test('one data plane at a time is safe and says what upstream does to the running clusters', () => {
    // us-east shares the control plane's cluster: its k8ssandra-operator is the control-plane one, upgraded before.
    expect(lines({ images: { 'us-east': NEXT } }, { images: { 'us-east': NEXT, 'eu-west': NEXT } })).toEqual([
      expect.stringMatching(/^safe data-plane-eu-west\/operators\/k8ssandra-operator: k8ssandra-operator docker.io\/k8ssandra\/k8ssandra-operator:v1.32.5 -> .*v1.32.6: running clusters are not restarted: .*RequiresUpdate/),
    ]);
  });

  test('the control-plane-mode k8ssandra-operator is named as such', () => {
    expect(lines({}, { images: { 'us-east': NEXT } })).toEqual([expect.stringMatching(/^safe data-plane-us-east\/operators\/k8ssandra-operator: k8ssandra-operator \(control-plane mode\)/)]);
  });

  test('the control-plane operator alone is safe', () => {
    expect(lines({}, { controlPlaneImage: OPERATOR_NEXT })).toEqual([
      expect.stringMatching(/^safe control-plane\/operators\/mission-control-operator: the control-plane operator .*:v0.1.0 -> .*:v0.1.1: the standby replica takes the Lease/),
    ]);
  });

  test('the control plane and a data plane at once is risky, with the steps', () => {
    const changes = lines({}, { controlPlaneImage: OPERATOR_NEXT, cassImages: { 'eu-west': CASS_NEXT } });
    expect(changes).toHaveLength(2);
    for (const c of changes) {
      expect(c).toMatch(/^risky .*this change upgrades the control plane's operators \(control-plane\/mission-control-operator\) and those of data-plane-eu-west at once; split it into steps: the control plane alone first, then one data plane per change$/);
    }
  });

  test('two data planes at once is risky, with the steps', () => {
    const changes = lines({ apSouth: true }, { apSouth: true, cassImages: { 'eu-west': CASS_NEXT, 'ap-south': CASS_NEXT } });
    expect(changes).toEqual([
      expect.stringMatching(/^risky data-plane-ap-south\/operators\/cass-operator: .*upgrades operators in data-plane-ap-south, data-plane-eu-west at once; split it into steps: one data plane per change, so a bad release stops at one region, or allow parallel data-plane upgrades \(--allow-parallel-data-plane-upgrades, or allowParallelDataPlaneUpgrades in the API\)$/),
      expect.stringMatching(/^risky data-plane-eu-west\/operators\/cass-operator: /),
    ]);
  });

  test('a new data plane is an install, not an upgrade', () => {
    expect(lines({}, { apSouth: true }).filter((l) => l.includes('operators/'))).toEqual([]);
  });

  test("the k8ssandra-operator of the data plane sharing the control plane's cluster is the control plane's, its cass-operator the data plane's", () => {
    const changes = lines({}, { images: { 'us-east': NEXT }, cassImages: { 'us-east': CASS_NEXT } });
    expect(changes).toEqual([
      expect.stringMatching(/^risky data-plane-us-east\/operators\/cass-operator: .*upgrades the control plane's operators \(data-plane-us-east\/k8ssandra-operator\) and those of data-plane-us-east at once/),
      expect.stringMatching(/^risky data-plane-us-east\/operators\/k8ssandra-operator: k8ssandra-operator \(control-plane mode\) .*at once; split it into steps: the control plane alone first/),
    ]);
  });
});

describe('parallel data-plane upgrades, when allowed', () => {
  const allowed = { allowParallelDataPlaneUpgrades: true };

  test('each upgrade is judged on its own, and says which others went with it', () => {
    const changes = lines({ apSouth: true }, { apSouth: true, cassImages: { 'eu-west': CASS_NEXT, 'ap-south': CASS_NEXT } }, allowed);
    expect(changes).toEqual([
      expect.stringMatching(/^safe data-plane-ap-south\/operators\/cass-operator: cass-operator .*v1.30.3 -> .*v1.30.4: the DCs here are not restarted: .*; upgraded together with data-plane-eu-west \(parallel data-plane upgrades allowed\)$/),
      expect.stringMatching(/^safe data-plane-eu-west\/operators\/cass-operator: .*; upgraded together with data-plane-ap-south \(parallel data-plane upgrades allowed\)$/),
    ]);
  });

  test('the control plane together with data planes stays risky', () => {
    const changes = lines({ apSouth: true }, { apSouth: true, controlPlaneImage: OPERATOR_NEXT, cassImages: { 'eu-west': CASS_NEXT, 'ap-south': CASS_NEXT } }, allowed);
    expect(changes).toHaveLength(3);
    for (const c of changes) expect(c).toMatch(/^risky .*upgrades the control plane's operators \(control-plane\/mission-control-operator\) and those of data-plane-ap-south, data-plane-eu-west at once/);
    expect(changes.filter((c) => c.includes('allow parallel'))).toEqual([]);
  });
});

describe('a data plane upgraded before the control plane', () => {
  /**
   * Validation refuses a platform whose data plane runs ahead of the control plane, so such
   * a synthesis comes from elsewhere (another release, a hand edit): edit the output here.
   */
  function withImage(folders: Folders, plane: string, operator: string, image: string): Folders {
    const edit = (obj: KubeObject): KubeObject => {
      const spec = obj.spec as any;
      if (obj.kind !== 'Deployment' || spec?.selector?.matchLabels?.['mission-control-constructs.dev/operator'] !== operator) return obj;
      const [first, ...rest] = spec.template.spec.containers;
      return { ...obj, spec: { ...spec, template: { ...spec.template, spec: { ...spec.template.spec, containers: [{ ...first, image }, ...rest] } } } };
    };
    return { ...folders, [plane]: folders[plane].map(edit) };
  }
  const before = synth();
  const ahead = withImage(before, 'data-plane-eu-west', 'k8ssandra-operator', NEXT);

  test('is risky, naming both releases and the order', () => {
    expect(asLines(planChanges(before, ahead))).toEqual([
      'risky data-plane-eu-west/operators/k8ssandra-operator: k8ssandra-operator docker.io/k8ssandra/k8ssandra-operator:v1.32.5 -> docker.io/k8ssandra/k8ssandra-operator:v1.32.6: running clusters are not restarted: upstream marks a K8ssandraCluster the new release would change with RequiresUpdate and applies it (a rolling restart) on its next spec change or with the k8ssandra.io/autoupdate-spec annotation; ' +
        'k8ssandra-operator v1.32.6 would run ahead of the control-plane k8ssandra-operator v1.32.5 (in data-plane-us-east), so this data plane is upgraded before the control plane; ' +
        'upgrade the control plane first, in a change of its own, then this data plane',
    ]);
  });

  test('stays risky with parallel data-plane upgrades allowed', () => {
    expect(planChanges(before, ahead, { allowParallelDataPlaneUpgrades: true }).risky).toBe(1);
  });

  test('is safe once the control plane runs that release', () => {
    const upgraded = withImage(before, 'data-plane-us-east', 'k8ssandra-operator', NEXT);
    expect(planChanges(upgraded, withImage(upgraded, 'data-plane-eu-west', 'k8ssandra-operator', NEXT)).risky).toBe(0);
  });
});

test('the CLI passes --allow-parallel-data-plane-upgrades on', () => {
  const base = mkdtempSync(join(tmpdir(), 'mcc-plan-cli-'));
  const write = (dir: string, folders: Folders) => {
    for (const [folder, objects] of Object.entries(folders)) {
      mkdirSync(join(base, dir, folder), { recursive: true });
      writeFileSync(join(base, dir, folder, 'objects.yaml'), objects.map((o) => stringify(o)).join('---\n'));
    }
  };
  write('previous', synth({ apSouth: true }));
  write('next', synth({ apSouth: true, cassImages: { 'eu-west': CASS_NEXT, 'ap-south': CASS_NEXT } }));
  const app = `cp -r ${JSON.stringify(join(base, 'next'))} "$CDK8S_OUTDIR"`;
  const run = (...flags: string[]) => {
    const out: string[] = [];
    const spy = jest.spyOn(process.stdout, 'write').mockImplementation((s) => (out.push(String(s)), true));
    const previousExit = process.exitCode;
    try {
      buildProgram().parse(['node', 'mission-control-constructs', 'plan', '--previous', join(base, 'previous'), '--app', app, '--json', ...flags]);
    } finally {
      process.exitCode = previousExit;
      spy.mockRestore();
    }
    return JSON.parse(out.join('')) as { risky: number; safe: number };
  };
  expect(run()).toMatchObject({ risky: 2, safe: 0 });
  expect(run('--allow-parallel-data-plane-upgrades')).toMatchObject({ risky: 0, safe: 2 });
});
