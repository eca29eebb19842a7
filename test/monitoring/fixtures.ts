import { ControlPlane, DataPlane, MissionControlApp, synthPlatform, type KubeObject } from '../../lib';
import type { MonitoringOptions } from '../../lib/core/model/monitoring';

/** A control plane with its own k8ssandra-operator and one remote data plane, both monitored as asked. */
export function monitoredPlatform(monitoring: MonitoringOptions | undefined): Record<string, KubeObject[]> {
  const app = new MissionControlApp();
  const controlPlane = new ControlPlane(app, 'control-plane', { region: 'us-east-1', ...(monitoring ? { monitoring } : {}) });
  new DataPlane(app, 'eu-west', { controlPlane, name: 'eu-west', region: 'eu-west-1', zones: ['eu-west-1a'], ...(monitoring ? { monitoring } : {}) });
  return synthPlatform(app);
}

export const MONITORING_KINDS = ['ServiceMonitor', 'PodMonitor', 'PrometheusRule'];
