import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { KubeObject } from './apply';
import type { CertManagerAssets } from './kube-assets';
import { ManagedProcess } from './process';

/** Namespace of cluster-scoped issuers' Secrets and of cert-manager itself, as in a default install. */
export const CERT_MANAGER_NAMESPACE = 'cert-manager';

/**
 * The CustomResourceDefinitions of the release the binaries were built from. Older releases
 * keep Helm expressions in their labels (the chart shares the files); those labels are dropped,
 * the schemas are used as released.
 */
export function certManagerReleaseCrds(crdDir: string): KubeObject[] {
  const objects: KubeObject[] = [];
  for (const file of readdirSync(crdDir).filter((f) => f.endsWith('.yaml')).sort()) {
    for (const doc of parseAllDocuments(readFileSync(join(crdDir, file), 'utf8'))) {
      const obj = doc.toJS() as KubeObject | null;
      if (!obj?.kind) continue;
      const labels = obj.metadata.labels ?? {};
      for (const [k, v] of Object.entries(labels)) if (String(v).includes('{{')) delete labels[k];
      objects.push(obj);
    }
  }
  if (!objects.length) throw new Error(`no CustomResourceDefinitions in ${crdDir}`);
  return objects;
}

/**
 * cert-manager's real controller and cainjector for one plane, run on the host: they only talk
 * to the API server, with the plane's admin kubeconfig. Each plane has exactly one of each, so
 * leader election is off; the controller's metrics listener takes an ephemeral loopback port
 * so that several planes never collide (the cainjector's is off upstream already).
 */
export class CertManager {
  /** cert-manager's controller process. */
  readonly controller: ManagedProcess;
  /** cert-manager's cainjector process. */
  readonly cainjector: ManagedProcess;

  constructor(readonly plane: string, kubeconfigPath: string, readonly assets: CertManagerAssets, logDir: string) {
    const env = { ...process.env, KUBECONFIG: kubeconfigPath };
    this.controller = new ManagedProcess(`${plane}/cert-manager-controller`, assets.controller, [
      `--kubeconfig=${kubeconfigPath}`,
      '--leader-elect=false',
      `--cluster-resource-namespace=${CERT_MANAGER_NAMESPACE}`,
      // Deleting a Certificate deletes its Secret, so a test's namespace leaves nothing behind.
      '--enable-certificate-owner-ref=true',
      '--metrics-listen-address=127.0.0.1:0',
      '--v=2',
    ], join(logDir, `${plane}-cert-manager-controller.log`), { env });
    this.cainjector = new ManagedProcess(`${plane}/cert-manager-cainjector`, assets.cainjector, [
      `--kubeconfig=${kubeconfigPath}`,
      '--leader-elect=false',
      '--v=2',
    ], join(logDir, `${plane}-cert-manager-cainjector.log`), { env });
  }

  /** Starts both and fails, with their logs, when either exits within `settleMs` (bad flags, no API). */
  async start(settleMs = 1_500): Promise<void> {
    this.controller.start();
    this.cainjector.start();
    const deadline = Date.now() + settleMs;
    while (Date.now() < deadline) {
      for (const p of [this.controller, this.cainjector]) {
        if (!p.running) throw new Error(`${p.label} exited with ${String(p.exitStatus)}:\n${p.tail(30)}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** Stops both processes: SIGTERM, then SIGKILL after 5 s. */
  async stop(): Promise<void> {
    await Promise.all([this.controller.stop(5_000), this.cainjector.stop(5_000)]);
  }
}
