import { addExampleClusters } from './clusters';
import { ControlPlane, CrdSource, DataPlane, MissionControlApp, type MonitoringOptions, type OperatorDeploymentProps } from '../../lib';

/** Options for building the example platform. */
export interface ExamplePlatformOptions {
  readonly outdir?: string;
  /** Use CRD files from a folder instead of referencing the upstream release. */
  readonly crds?: CrdSource;
  /**
   * Add the example Cassandra clusters (see clusters.ts).
   * @default true
   */
  readonly clusters?: boolean;
  /**
   * Settings for both data planes' operators (registry mirror, pull secrets, resources).
   * @default the library's defaults
   */
  readonly operators?: OperatorDeploymentProps;
  /**
   * Monitoring of every plane's operators (ServiceMonitors, alert rules, dashboards).
   * @default none
   */
  readonly monitoring?: MonitoringOptions;
}

/**
 * One control plane in us-east-1, and data planes in us-east-1 (sharing the control
 * plane's cluster) and eu-west-1.
 */
export function buildExamplePlatform(options: ExamplePlatformOptions = {}) {
  const app = new MissionControlApp({ outdir: options.outdir });
  const monitoring = options.monitoring ? { monitoring: options.monitoring } : {};
  const controlPlane = new ControlPlane(app, 'control-plane', { region: 'us-east-1', ...monitoring });
  const usEast = new DataPlane(app, 'us-east', {
    controlPlane,
    name: 'us-east',
    region: 'us-east-1',
    zones: ['us-east-1a', 'us-east-1b', 'us-east-1c'],
    inControlPlaneCluster: true,
    crds: options.crds,
    k8ssandraOperator: options.operators,
    cassOperator: options.operators,
    ...monitoring,
  });
  const euWest = new DataPlane(app, 'eu-west', {
    controlPlane,
    name: 'eu-west',
    region: 'eu-west-1',
    zones: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'],
    crds: options.crds,
    k8ssandraOperator: options.operators,
    cassOperator: options.operators,
    ...monitoring,
  });
  const clusters = options.clusters === false ? undefined : addExampleClusters(controlPlane, { usEast, euWest });
  return { app, controlPlane, dataPlanes: { usEast, euWest }, clusters };
}
