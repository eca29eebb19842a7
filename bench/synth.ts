/**
 * Synthesis benchmark: 1 control plane, 10 data planes, 100 then 1000 clusters of 3 DCs,
 * in both delivery modes, against a floor of the same objects as plain cdk8s ApiObjects.
 * Each case runs in its own process so peak RSS is per case. Writes BENCHMARKS.md.
 *
 *   npx ts-node --transpile-only bench/synth.ts
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiObject, App, Chart } from 'cdk8s';
import { CassandraCluster, ControlPlane, CrdSource, DataPlane, Delivery, MissionControlApp } from '../lib';
import { writeSection } from './benchmarks-file';
import { readSynthesis } from '../lib/cli/read-synthesis';
import { toYaml } from '../lib/core/output/cluster-folder';

const DATA_PLANES = 10;
const SIZES = [100, 1000];
const COMMAND = 'npx ts-node --transpile-only bench/synth.ts';

interface Result {
  kind: 'ours' | 'floor';
  clusters: number;
  delivery: Delivery;
  objects: number;
  seconds: number;
  peakRssMb: number;
}

function buildApp(clusters: number, delivery: Delivery, outdir: string): MissionControlApp {
  const app = new MissionControlApp({ outdir });
  const controlPlane = new ControlPlane(app, 'control-plane', { region: 'us-east-1', defaultDelivery: delivery });
  const planes = Array.from({ length: DATA_PLANES }, (_, i) => {
    const region = `region-${i}`;
    return new DataPlane(app, `dp${i}`, { controlPlane, name: `dp${i}`, region, zones: [`${region}a`, `${region}b`, `${region}c`], crds: CrdSource.none() });
  });
  for (let c = 0; c < clusters; c++) {
    new CassandraCluster(controlPlane, `c${c}`, {
      serverVersion: '4.1.8',
      superuserSecretRef: { name: `c${c}-superuser` },
      storage: { storageClassName: 'gp3', size: '100Gi' },
      resources: { requests: { cpu: '2', memory: '8Gi' }, limits: { cpu: '2', memory: '8Gi' } },
      config: { cassandraYaml: { num_tokens: 16 } },
      datacenters: [0, 1, 2].map((d) => ({ name: `dc${d}`, dataPlane: planes[(c + d) % DATA_PLANES], size: 3, seeds: [`c${c}-dc${d}.seeds.example.com`] })),
    });
  }
  return app;
}

function timed<T>(fn: () => T): [T, number] {
  const start = process.hrtime.bigint();
  const value = fn();
  return [value, Number(process.hrtime.bigint() - start) / 1e9];
}

/** Runs one case in this process and prints its result as JSON. */
function runCase(kind: 'ours' | 'floor', clusters: number, delivery: Delivery, dir: string): void {
  let objects = 0;
  let seconds: number;
  if (kind === 'ours') {
    [, seconds] = timed(() => buildApp(clusters, delivery, dir).synth());
    objects = Object.values(readSynthesis(dir)).reduce((n, o) => n + o.length, 0);
  } else {
    // The floor reads what `ours` wrote (untimed), then builds and writes the same objects.
    const input = readSynthesis(dir);
    const out = `${dir}-floor`;
    [, seconds] = timed(() => {
      const app = new App({ outdir: out });
      for (const [folder, list] of Object.entries(input)) {
        const chart = new Chart(app, folder, { disableResourceNameHashes: true });
        list.forEach((obj, i) => new ApiObject(chart, `o${i}`, obj));
        mkdirSync(join(out, folder), { recursive: true });
        chart.toJson().forEach((obj: any, i: number) => writeFileSync(join(out, folder, `${i}-${obj.kind}-${obj.metadata.name}.yaml`), toYaml(obj)));
        objects += list.length;
      }
    });
  }
  const result: Result = { kind, clusters, delivery, objects, seconds, peakRssMb: process.resourceUsage().maxRSS / 1024 };
  process.stdout.write(JSON.stringify(result));
}

function main(): void {
  const base = mkdtempSync(join(tmpdir(), 'mcc-bench-'));
  const results: Result[] = [];
  try {
    for (const clusters of SIZES) {
      for (const delivery of [Delivery.RECONCILED, Delivery.STATIC]) {
        const dir = join(base, `${clusters}-${delivery}`);
        for (const kind of ['ours', 'floor'] as const) {
          const out = execFileSync('npx', ['ts-node', '--transpile-only', __filename, '--case', kind, String(clusters), delivery, dir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
          const result = JSON.parse(out.slice(out.indexOf('{'))) as Result;
          results.push(result);
          process.stderr.write(`${kind} ${clusters} ${delivery}: ${result.objects} objects, ${result.seconds.toFixed(2)} s, ${result.peakRssMb.toFixed(0)} MB\n`);
        }
      }
    }
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
  writeSection('# Synthesis benchmark', report(results));
}

function report(results: Result[]): string {
  const find = (kind: string, clusters: number, delivery: Delivery) =>
    results.find((r) => r.kind === kind && r.clusters === clusters && r.delivery === delivery)!;
  const rows = SIZES.flatMap((clusters) =>
    [Delivery.RECONCILED, Delivery.STATIC].map((delivery) => {
      const ours = find('ours', clusters, delivery);
      const floor = find('floor', clusters, delivery);
      return `| ${clusters} | ${delivery} | ${ours.objects} | ${ours.seconds.toFixed(2)} | ${ours.peakRssMb.toFixed(0)} | ${floor.seconds.toFixed(2)} | ${floor.peakRssMb.toFixed(0)} | ${(ours.seconds / floor.seconds).toFixed(1)} |`;
    }),
  );
  const growth = [Delivery.RECONCILED, Delivery.STATIC].map((delivery) => {
    const [small, large] = SIZES.map((n) => find('ours', n, delivery));
    return `- ${delivery}: ${(large.seconds / small.seconds).toFixed(1)}x time, ${(large.peakRssMb / small.peakRssMb).toFixed(1)}x peak RSS for ${SIZES[1] / SIZES[0]}x clusters`;
  });
  return [
    `Command: \`${COMMAND}\` (\`npm run bench:synth\`). Machine: ${cpus().length} CPUs (nproc), Node ${process.version}, ${process.platform}/${process.arch}.`,
    '',
    `One control plane, ${DATA_PLANES} data planes (operators included, upstream CRDs left out), N clusters of 3 DCs each spread over 3 data planes.`,
    "\"ours\" builds the MissionControlApp, validates it and writes every cluster folder; \"floor\" builds the same objects as plain cdk8s ApiObjects in one Chart per folder and writes one YAML file per object. Each case runs in its own process; peak RSS is that process's maxrss (the floor's includes the parsed input it copies).",
    '',
    '| clusters | delivery | objects | ours (s) | ours peak RSS (MB) | floor (s) | floor peak RSS (MB) | ours / floor |',
    '| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows,
    '',
    `Growth ${SIZES[0]} -> ${SIZES[1]} clusters (ours):`,
    ...growth,
    '',
  ].join('\n');
}

const caseIndex = process.argv.indexOf('--case');
if (caseIndex >= 0) {
  const [kind, clusters, delivery, dir] = process.argv.slice(caseIndex + 1);
  runCase(kind as 'ours' | 'floor', Number(clusters), delivery as Delivery, dir);
} else {
  main();
}
