import type { KubeConfig } from '@kubernetes/client-node';
import { CLIENT_CONFIGS, PlaneReader, readPlane } from './read-plane';
import { specOf } from '../../core/diagnosis/objects';
import type { ControlPlaneSnapshot, DataPlaneSnapshot, PlatformSnapshot } from '../../core/diagnosis/snapshot';
import type { KubeObject } from '../../core/kube-object';
import { KubeClient } from '../../kube/client';
import type { KubeHttp } from '../../kube/http';
import { kubeHttpFromKubeConfig, loadKubeConfig } from '../../kube/kube-config';
import { RESOURCES } from '../../kube/resources';

/** Where and how {@link collectSnapshot} reads. */
export interface CollectOptions {
  /** The user's kubeconfig; its current context is the control plane. */
  readonly kubeConfig: KubeConfig;
  /** Namespace of the control-plane operator and its registrations. */
  readonly namespace: string;
  /** Namespace of k8ssandra-operator in the control plane's cluster (ClientConfigs, K8ssandraClusters). */
  readonly k8ssandraNamespace: string;
  /** Data plane name → context of the user's kubeconfig to read it with. */
  readonly dataPlaneContexts: Readonly<Record<string, string>>;
  /** Deadline of each request; an unreachable plane costs at most this. */
  readonly timeoutMs: number;
}

/** A snapshot and the connections behind it, to close when done. */
export interface Collected {
  readonly snapshot: PlatformSnapshot;
  close(): void;
}

interface DataPlaneRef {
  readonly name: string;
  readonly namespace: string;
  readonly inControlPlaneCluster: boolean;
  readonly registration?: KubeObject;
  readonly clientConfig?: KubeObject;
  /** Where a kubeconfig for it is kept in the control plane. */
  readonly secret?: { readonly namespace: string; readonly name: string; readonly key: string };
}

/** Data planes named by registrations, and by ClientConfigs that have none. */
function dataPlaneRefs(registrations: readonly KubeObject[], clientConfigs: readonly KubeObject[], options: CollectOptions): DataPlaneRef[] {
  const refs: DataPlaneRef[] = registrations.map((r) => {
    const spec = specOf(r);
    const secret = spec.kubeconfigSecretRef?.name ? { namespace: options.namespace, name: spec.kubeconfigSecretRef.name as string, key: (spec.kubeconfigSecretRef.key ?? 'kubeconfig') as string } : undefined;
    return {
      name: r.metadata.name,
      namespace: spec.namespace ?? 'k8ssandra-operator',
      inControlPlaneCluster: spec.inControlPlaneCluster === true,
      registration: r,
      clientConfig: clientConfigs.find((c) => c.metadata.name === r.metadata.name),
      ...(secret ? { secret } : {}),
    };
  });
  for (const cc of clientConfigs) {
    if (refs.some((r) => r.name === cc.metadata.name)) continue;
    const secretName = specOf(cc).kubeConfigSecret?.name as string | undefined;
    refs.push({
      name: cc.metadata.name,
      namespace: options.k8ssandraNamespace,
      inControlPlaneCluster: false,
      clientConfig: cc,
      ...(secretName ? { secret: { namespace: options.k8ssandraNamespace, name: secretName, key: 'kubeconfig' } } : {}),
    });
  }
  return refs.sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * Reads the platform's live state: the control plane through the user's context, each data
 * plane through the context named after it (or given for it), else through the kubeconfig
 * Secret its registration names, i.e. with the control plane's own identity there.
 */
export async function collectSnapshot(options: CollectOptions): Promise<Collected> {
  const transports: KubeHttp[] = [];
  const clientFor = (kc: KubeConfig): KubeClient => {
    const http = kubeHttpFromKubeConfig(kc);
    transports.push(http);
    return new KubeClient(http, { timeoutMs: options.timeoutMs, retry: { maxRetries: 0 } });
  };
  const close = () => transports.forEach((t) => t.close());
  try {
    const cpClient = clientFor(options.kubeConfig);
    const cpReader = new PlaneReader(cpClient);
    const ns = options.namespace;
    const k8ssandraNs = options.k8ssandraNamespace;
    const missionControlClusters = await cpReader.list(RESOURCES.MissionControlCluster, [ns]);
    if (cpReader.error !== undefined) throw new Error(`the control plane (context ${options.kubeConfig.getCurrentContext()}) could not be read: ${cpReader.error}`);
    const missionControlTasks = await cpReader.list(RESOURCES.MissionControlTask, [ns]);
    const registrations = await cpReader.list(RESOURCES.DataPlaneRegistration, [ns]);
    const k8ssandraClusters = await cpReader.list(RESOURCES.K8ssandraCluster, [k8ssandraNs]);
    const k8ssandraTasks = await cpReader.list(RESOURCES.K8ssandraTask, [k8ssandraNs]);
    const clientConfigs = await cpReader.list(CLIENT_CONFIGS, [k8ssandraNs]);
    const clusterNamespaces = [k8ssandraNs, ...k8ssandraClusters.map((k) => k.metadata.namespace ?? k8ssandraNs)];
    const cpContext = options.kubeConfig.getCurrentContext();
    const cpPlane = await readPlane(cpReader, { name: 'control-plane', context: cpContext, operatorNamespace: k8ssandraNs }, { operators: [ns, k8ssandraNs], cassandra: clusterNamespaces });
    const controlPlane: ControlPlaneSnapshot = { ...cpPlane, namespace: ns, missionControlClusters, missionControlTasks, k8ssandraClusters, k8ssandraTasks };

    const dataPlanes: DataPlaneSnapshot[] = [];
    for (const ref of dataPlaneRefs(registrations, clientConfigs, options)) {
      const meta = { name: ref.name, operatorNamespace: ref.namespace };
      const extra = {
        inControlPlaneCluster: ref.inControlPlaneCluster,
        ...(ref.registration ? { registration: ref.registration } : {}),
        ...(ref.clientConfig ? { clientConfig: ref.clientConfig } : {}),
      };
      const namespaces = { operators: [ref.namespace], cassandra: [ref.namespace, ...clusterNamespaces] };
      if (ref.inControlPlaneCluster) {
        dataPlanes.push({ ...(await readPlane(new PlaneReader(cpClient), { ...meta, context: cpContext }, namespaces)), ...extra });
        continue;
      }
      let connection: { client: KubeClient; context: string };
      try {
        connection = await connect(ref, options, cpClient, clientFor);
      } catch (err) {
        dataPlanes.push({ ...emptyPlane({ ...meta, context: options.dataPlaneContexts[ref.name] ?? ref.name }, (err as Error).message), ...extra });
        continue;
      }
      dataPlanes.push({ ...(await readPlane(new PlaneReader(connection.client), { ...meta, context: connection.context }, namespaces)), ...extra });
    }
    return { snapshot: { controlPlane, dataPlanes, readAt: Date.now() }, close };
  } catch (err) {
    close();
    throw err;
  }
}

type ClientFor = (kc: KubeConfig) => KubeClient;

async function connect(ref: DataPlaneRef, options: CollectOptions, cpClient: KubeClient, clientFor: ClientFor): Promise<{ client: KubeClient; context: string }> {
  const explicit = options.dataPlaneContexts[ref.name];
  const named = explicit ?? (options.kubeConfig.getContextObject(ref.name) ? ref.name : undefined);
  if (named !== undefined) {
    if (!options.kubeConfig.getContextObject(named)) throw new Error(`context '${named}' given for data plane ${ref.name} is not in the kubeconfig`);
    const kc = loadKubeConfig(options.kubeConfig.exportConfig(), named);
    return { client: clientFor(kc), context: named };
  }
  if (!ref.secret) throw new Error(`no context named '${ref.name}' in the kubeconfig and no kubeconfig Secret is named for it (pass --data-plane-context ${ref.name}=<context>)`);
  let secret: KubeObject | undefined;
  try {
    secret = await cpClient.get(RESOURCES.Secret, { namespace: ref.secret.namespace, name: ref.secret.name });
  } catch (err) {
    throw new Error(`no context named '${ref.name}' in the kubeconfig, and Secret ${ref.secret.namespace}/${ref.secret.name} could not be read: ${(err as Error).message} (pass --data-plane-context ${ref.name}=<context>)`);
  }
  const data = (secret as { data?: Record<string, string> } | undefined)?.data?.[ref.secret.key];
  if (!data) throw new Error(`Secret ${ref.secret.namespace}/${ref.secret.name} has no '${ref.secret.key}' key: the kubeconfig Secret of this data plane is missing`);
  const kc = loadKubeConfig(Buffer.from(data, 'base64').toString('utf8'));
  return { client: clientFor(kc), context: ref.name };
}

function emptyPlane(meta: { name: string; context: string; operatorNamespace: string }, error: string) {
  const none = { deployments: [], pods: [], services: [], endpointSlices: [], datacenters: [], cassandraTasks: [], medusaBackupJobs: [], medusaRestoreJobs: [] };
  return { ...meta, error, unreadable: [], ...none };
}
