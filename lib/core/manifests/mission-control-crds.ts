import {
  API_GROUP,
  API_VERSION,
  DATA_PLANE_REGISTRATION_KIND,
  MISSION_CONTROL_CLUSTER_KIND,
  MISSION_CONTROL_TASK_KIND,
} from '../api-group';
import type { KubeObject } from '../kube-object';

type Schema = Record<string, unknown>;

const str = (extra: Schema = {}): Schema => ({ type: 'string', ...extra });
const int = (extra: Schema = {}): Schema => ({ type: 'integer', ...extra });
const bool: Schema = { type: 'boolean' };
const obj = (properties: Record<string, Schema>, required?: string[]): Schema => ({
  type: 'object',
  properties,
  ...(required ? { required } : {}),
});
const arr = (items: Schema, extra: Schema = {}): Schema => ({ type: 'array', items, ...extra });
/** Free-form configuration maps (cassandra.yaml, JVM options) stay schemaless on purpose. */
const freeForm: Schema = { 'type': 'object', 'x-kubernetes-preserve-unknown-fields': true };
const secretRef = obj({ name: str({ minLength: 1 }), key: str() }, ['name']);
const dnsLabel = str({ pattern: '^[a-z]([-a-z0-9]*[a-z0-9])?$', maxLength: 63 });

/** metav1.Condition, as the API conventions define it. */
const condition = obj(
  {
    type: str({ maxLength: 316 }),
    status: str({ enum: ['True', 'False', 'Unknown'] }),
    observedGeneration: int({ format: 'int64', minimum: 0 }),
    lastTransitionTime: str({ format: 'date-time' }),
    reason: str({ maxLength: 1024, minLength: 1 }),
    message: str({ maxLength: 32768 }),
  },
  ['type', 'status', 'lastTransitionTime', 'reason', 'message'],
);
const conditions: Schema = arr(condition, { 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['type'] });

const storage = obj({
  storageClassName: str(),
  size: str(),
  claim: freeForm,
});
const resources = obj({ requests: freeForm, limits: freeForm });
const datacenterConfig = obj({ cassandraYaml: freeForm, jvmOptions: freeForm, dseYaml: freeForm });

const datacenter = obj(
  {
    name: dnsLabel,
    dataPlane: dnsLabel,
    size: int({ minimum: 1 }),
    serverVersion: str(),
    racks: arr(obj({ name: str({ minLength: 2 }), zone: str() }, ['name'])),
    storage,
    resources,
    config: datacenterConfig,
    stopped: bool,
  },
  ['name', 'dataPlane', 'size'],
);

const clusterSpec = obj(
  {
    clusterName: str({ minLength: 1 }),
    serverType: str({ enum: ['cassandra', 'dse', 'hcd'] }),
    serverVersion: str({ pattern: '^\\d+\\.\\d+\\.\\d+$' }),
    deletionPolicy: str({ enum: ['Delete', 'Retain'], default: 'Retain' }),
    superuserSecretRef: obj({ name: str({ minLength: 1 }) }, ['name']),
    storage,
    resources,
    config: datacenterConfig,
    datacenters: arr(datacenter, { minItems: 1 }),
    auth: bool,
    softPodAntiAffinity: bool,
    encryption: freeForm,
    reaper: freeForm,
    medusa: freeForm,
    telemetry: freeForm,
    keyspaces: arr(obj({ name: str({ minLength: 1 }), replication: { type: 'object', additionalProperties: int({ minimum: 0 }) } }, ['name', 'replication'])),
    external: obj({ datacenters: arr(str({ minLength: 1 })), seeds: arr(str({ minLength: 1 })) }),
  },
  ['clusterName', 'serverType', 'serverVersion', 'datacenters'],
);

const clusterStatus = obj({
  observedGeneration: int({ format: 'int64' }),
  conditions,
  datacenters: arr(
    obj({
      name: str(),
      dataPlane: str(),
      readyReplicas: int(),
      size: int(),
      conditions,
    }),
  ),
  lastError: str(),
});

const registrationSpec = obj(
  {
    region: str({ minLength: 1 }),
    zones: arr(str()),
    namespace: dnsLabel,
    kubeconfigSecretRef: secretRef,
    inControlPlaneCluster: bool,
  },
  ['region', 'namespace', 'kubeconfigSecretRef'],
);
const registrationStatus = obj({ observedGeneration: int({ format: 'int64' }), conditions, lastContactTime: str({ format: 'date-time' }) });

const taskSpec = obj(
  {
    cluster: str({ minLength: 1 }),
    command: str({
      enum: ['restart', 'cleanup', 'rebuild', 'replacenode', 'upgradesstables', 'compact', 'scrub', 'flush', 'garbagecollect', 'refresh', 'move', 'backup', 'restore'],
    }),
    datacenters: arr(dnsLabel),
    args: freeForm,
  },
  ['cluster', 'command'],
);
const taskStatus = obj({
  observedGeneration: int({ format: 'int64' }),
  conditions,
  datacenters: arr(obj({ name: str(), dataPlane: str(), phase: str(), message: str() })),
  startTime: str({ format: 'date-time' }),
  completionTime: str({ format: 'date-time' }),
});

function crd(input: {
  kind: string;
  plural: string;
  shortNames: string[];
  spec: Schema;
  status: Schema;
  columns: Array<{ name: string; type: string; jsonPath: string; priority?: number }>;
}): KubeObject {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${input.plural}.${API_GROUP}`, labels: { 'app.kubernetes.io/part-of': 'mission-control' } },
    spec: {
      group: API_GROUP,
      names: { kind: input.kind, listKind: `${input.kind}List`, plural: input.plural, singular: input.kind.toLowerCase(), shortNames: input.shortNames, categories: ['mission-control'] },
      scope: 'Namespaced',
      versions: [
        {
          name: API_VERSION,
          served: true,
          storage: true,
          subresources: { status: {} },
          additionalPrinterColumns: [...input.columns, { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' }],
          schema: { openAPIV3Schema: obj({ apiVersion: str(), kind: str(), metadata: { type: 'object' }, spec: input.spec, status: input.status }, ['spec']) },
        },
      ],
    },
  };
}

const readyColumn = { name: 'Ready', type: 'string', jsonPath: '.status.conditions[?(@.type=="Ready")].status' };

/** Our three CRDs: structural schemas, status subresource, printer columns. */
export function missionControlCrds(): KubeObject[] {
  return [
    crd({
      kind: MISSION_CONTROL_CLUSTER_KIND,
      plural: 'missioncontrolclusters',
      shortNames: ['mcc'],
      spec: clusterSpec,
      status: clusterStatus,
      columns: [
        { name: 'Cluster', type: 'string', jsonPath: '.spec.clusterName' },
        { name: 'Type', type: 'string', jsonPath: '.spec.serverType' },
        { name: 'Version', type: 'string', jsonPath: '.spec.serverVersion' },
        readyColumn,
      ],
    }),
    crd({
      kind: DATA_PLANE_REGISTRATION_KIND,
      plural: 'dataplaneregistrations',
      shortNames: ['dpr'],
      spec: registrationSpec,
      status: registrationStatus,
      columns: [
        { name: 'Region', type: 'string', jsonPath: '.spec.region' },
        { name: 'Namespace', type: 'string', jsonPath: '.spec.namespace' },
        { name: 'Reachable', type: 'string', jsonPath: '.status.conditions[?(@.type=="Reachable")].status' },
      ],
    }),
    crd({
      kind: MISSION_CONTROL_TASK_KIND,
      plural: 'missioncontroltasks',
      shortNames: ['mct'],
      spec: taskSpec,
      status: taskStatus,
      columns: [
        { name: 'Cluster', type: 'string', jsonPath: '.spec.cluster' },
        { name: 'Command', type: 'string', jsonPath: '.spec.command' },
        { name: 'Complete', type: 'string', jsonPath: '.status.conditions[?(@.type=="Complete")].status' },
      ],
    }),
  ];
}
