import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { App, Chart, type AppProps } from 'cdk8s';
import { collectProblems } from './app-validation';
import { ControlPlane } from './control-plane';
import { DataPlane } from './data-plane';
import { GitOpsDelivery } from './gitops-delivery';
import { syncWavePatches } from './sync-waves';
import type { KubeObject } from '../core/kube-object';
import { sortForApply } from '../core/output/apply-order';
import { renderClusterFolder, type ClusterFolder, type RenderedFile } from '../core/output/cluster-folder';
import { assertNoProblems, problem, type Problem } from '../core/problems';

/** Props of the app. */
export interface MissionControlAppProps {
  /**
   * Output directory; one folder per target cluster is written below it.
   * @default - `$CDK8S_OUTDIR` (set by `cdk8s synth`), else 'dist'
   */
  readonly outdir?: string;
}

/**
 * The root of a platform. `synth()` validates the whole tree, reporting every problem at
 * once, and only then writes `<outdir>/<cluster folder>/`: one file per object plus a
 * `kustomization.yaml` listing them in apply order. An invalid app writes nothing.
 */
export class MissionControlApp extends App {
  constructor(props: MissionControlAppProps = {}) {
    super({ outdir: props.outdir } satisfies AppProps);
  }

  /** Our charts, in construction order. */
  private planeCharts(): Array<ControlPlane | DataPlane> {
    return this.node.findAll().filter((c): c is ControlPlane | DataPlane => ControlPlane.isControlPlane(c) || DataPlane.isDataPlane(c));
  }

  /**
   * Every problem in the tree: platform layout, clusters, and cdk8s validations; and, as this
   * app writes one folder per plane, charts that are neither.
   */
  validatePlatform(): Problem[] {
    return collectProblems(this, (c) =>
      Chart.isChart(c) && !ControlPlane.isControlPlane(c) && !DataPlane.isDataPlane(c) && !GitOpsDelivery.isGitOpsDelivery(c)
        ? [problem(c.node.path, 'this chart is neither a ControlPlane nor a DataPlane, so its objects have no target cluster', 'create the objects inside a ControlPlane or a DataPlane chart')]
        : [],
    );
  }

  /** The GitOps delivery charts (at most one in a valid app). */
  private deliveryCharts(): GitOpsDelivery[] {
    return this.node.findAll().filter((c): c is GitOpsDelivery => GitOpsDelivery.isGitOpsDelivery(c));
  }

  /**
   * The cluster folders in memory, then the GitOps delivery's folder
   * (`control-plane/delivery`) if there is one; throws a ValidationError with every problem.
   */
  clusterFolders(): ClusterFolder[] {
    assertNoProblems(this.validatePlatform());
    const planes = this.planeCharts().map((chart) => {
      const objects = chart.toJson() as KubeObject[];
      const crds = chart.crdFiles();
      return { name: chart.folderName, objects, ...crds, patches: syncWavePatches(chart, crds) };
    });
    const deliveries = this.deliveryCharts().map((chart) => ({ name: chart.folderName, objects: chart.toJson() as KubeObject[], remoteResources: [], verbatimFiles: [] }));
    return [...planes, ...deliveries];
  }

  /** Every file `synth()` would write, relative to the output directory. */
  renderFiles(): RenderedFile[] {
    const folders = this.clusterFolders().flatMap((folder) => renderClusterFolder(folder).map((f) => ({ path: `${folder.name}/${f.path}`, content: f.content })));
    const extras = this.deliveryCharts().flatMap((chart) => chart.extraFiles().map((f) => ({ path: `${chart.controlPlane.folderName}/${f.path}`, content: f.content })));
    return [...folders, ...extras];
  }

  /**
   * Validates, renders into a temporary sibling of `outdir`, then swaps it into place, so a
   * failed synthesis leaves the previous output untouched.
   */
  override synth(): void {
    const files = this.renderFiles();
    const outdir = resolve(this.outdir);
    const staging = `${outdir}.staging-${process.pid}`;
    const previous = `${outdir}.previous-${process.pid}`;
    rmSync(staging, { recursive: true, force: true });
    try {
      for (const file of files) {
        const path = join(staging, file.path);
        mkdirSync(dirname(path), { recursive: true });
        writeFileSync(path, file.content);
      }
      mkdirSync(staging, { recursive: true });
      if (existsSync(outdir)) renameSync(outdir, previous);
      renameSync(staging, outdir);
    } finally {
      rmSync(staging, { recursive: true, force: true });
      rmSync(previous, { recursive: true, force: true });
    }
  }
}

/**
 * Synthesises an app in memory for snapshot tests: objects per cluster folder, in apply
 * order. Upstream CRD files are left out (they are large and not yours to review).
 */
export function synthPlatform(app: MissionControlApp): Record<string, KubeObject[]> {
  const result: Record<string, KubeObject[]> = {};
  for (const folder of app.clusterFolders()) result[folder.name] = sortForApply(folder.objects);
  return result;
}
