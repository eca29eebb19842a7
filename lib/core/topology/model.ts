import type { ResourceRequirements } from '../model/resources';

/** The Cassandra distribution a cluster runs. Fixed for the life of a cluster. */
export enum ServerType {
  CASSANDRA = 'cassandra',
  DSE = 'dse',
  HCD = 'hcd',
}

/** How a cluster reaches its data planes. */
export enum Delivery {
  /**
   * One MissionControlCluster in the control plane; the control-plane reconciler writes the
   * cluster's K8ssandraCluster into the control plane's own Kubernetes cluster.
   */
  RECONCILED = 'reconciled',
  /**
   * The placed K8ssandraCluster is written straight into the control plane's output folder,
   * for platforms synced by GitOps without the control-plane reconciler.
   */
  STATIC = 'static',
}

/** What happens to the cluster's data when its objects are removed from the output. */
export type DeletionPolicy = 'Retain' | 'Delete';

/** A reference to a Secret, optionally to one key of it. The Secret is created out of band. */
export interface SecretKeyRef {
  /** Name of the Secret, in the namespace of the object that refers to it. */
  readonly name: string;
  /**
   * Key inside the Secret.
   * @default - the key the consumer expects
   */
  readonly key?: string;
}

/** Data volume of each Cassandra node. */
export interface StorageSpec {
  /** StorageClass of the data PVCs; use one with `volumeBindingMode: WaitForFirstConsumer`. */
  readonly storageClassName: string;
  /** Requested size, a Kubernetes quantity such as '100Gi'. Can grow, never shrink. */
  readonly size: string;
  /**
   * Extra PersistentVolumeClaim spec fields merged into the generated claim (e.g. `volumeMode`).
   * @default - none
   */
  readonly claim?: Readonly<Record<string, unknown>>;
}

/** Server configuration, in the K8ssandraCluster `config` shape. */
export interface CassandraConfig {
  /**
   * Keys of cassandra.yaml, e.g. `{ num_tokens: 16 }`.
   * @default - server defaults
   */
  readonly cassandraYaml?: Readonly<Record<string, unknown>>;
  /**
   * JVM options with upstream's field names, e.g. `{ heap_max_size: '8Gi' }`.
   * @default - server defaults
   */
  readonly jvmOptions?: Readonly<Record<string, unknown>>;
  /**
   * Keys of dse.yaml; DSE only.
   * @default - none
   */
  readonly dseYaml?: Readonly<Record<string, unknown>>;
}

/** A rack pinned to one availability zone. */
export interface RackSpec {
  /** Rack name, at least 2 characters; part of the StatefulSet name. */
  readonly name: string;
  /** Zone (value of `topology.kubernetes.io/zone`) of the rack's nodes; one of the data plane's zones. */
  readonly zone: string;
}

/** Keystore and truststore Secrets for one side of TLS (references only). */
export interface EncryptionStores {
  /** Secret holding the keystore (JKS or PKCS#12) with this side's certificate and private key. */
  readonly keystoreSecretRef: SecretKeyRef;
  /** Secret holding the truststore with the CA certificates this side trusts. */
  readonly truststoreSecretRef: SecretKeyRef;
  /**
   * Secret holding the keystore password.
   * @default - none: upstream's default keystore password
   */
  readonly keystorePasswordSecretRef?: SecretKeyRef;
  /**
   * Secret holding the truststore password.
   * @default - none: upstream's default truststore password
   */
  readonly truststorePasswordSecretRef?: SecretKeyRef;
}

/** TLS between nodes and between clients and nodes. */
export interface EncryptionSpec {
  /**
   * Stores for TLS between nodes (internode encryption).
   * @default - no internode encryption stores
   */
  readonly server?: EncryptionStores;
  /**
   * Stores for TLS between clients and nodes (client encryption).
   * @default - no client encryption stores
   */
  readonly client?: EncryptionStores;
}

/** How Reaper instances are deployed for a cluster. */
export enum ReaperDeploymentMode {
  PER_DC = 'PER_DC',
  SINGLE = 'SINGLE',
}

export type RepairType = 'REGULAR' | 'ADAPTIVE' | 'INCREMENTAL' | 'AUTO';

/** Repair with Reaper. */
export interface ReaperSpec {
  /**
   * One Reaper per DC, or a single one for the whole cluster.
   * @default ReaperDeploymentMode.PER_DC
   */
  readonly deploymentMode?: ReaperDeploymentMode;
  /**
   * Let Reaper schedule repairs of every keyspace by itself.
   * @default - no automatic schedules
   */
  readonly autoScheduling?: {
    readonly enabled: boolean;
    /** @default 'AUTO' */
    readonly repairType?: RepairType;
    /** @default - none */
    readonly excludedKeyspaces?: string[];
  };
}

export type MedusaStorageProvider = 'google_storage' | 'azure_blobs' | 's3' | 's3_compatible' | 's3_rgw' | 'ibm_storage';

/** Backups with Medusa to an object store. */
export interface MedusaSpec {
  /** Object-store type. */
  readonly storageProvider: MedusaStorageProvider;
  /** Bucket (or container) that receives the backups. */
  readonly bucketName: string;
  /**
   * Secret with the object-store credentials; must exist in every data plane namespace first.
   * @default - none (role-based credentials)
   */
  readonly storageSecretRef?: SecretKeyRef;
  /**
   * Folder inside the bucket; required when the configuration is shared, so clusters do not
   * overwrite each other's backups.
   * @default - the bucket root
   */
  readonly prefix?: string;
  /**
   * Region of the bucket, for providers that need it (S3).
   * @default - provider default
   */
  readonly region?: string;
  /** Endpoint host, for S3-compatible stores. @default - provider default */
  readonly host?: string;
  /**
   * Name of a MedusaConfiguration holding the storage settings, shared by every cluster
   * that names it. Set it to share one bucket between clusters (each with its own `prefix`).
   * @default - storage settings inline in the cluster
   */
  readonly sharedConfiguration?: string;
}

/** Metrics endpoints. */
export interface TelemetrySpec {
  /** Create Prometheus ServiceMonitors. @default false */
  readonly prometheus?: boolean;
  /** Run the Vector agent sidecar. @default false */
  readonly vector?: boolean;
}

/** One datacenter: a group of nodes in one data plane. */
export interface DatacenterSpec {
  /** Path for error messages. */
  readonly path: string;
  /** DNS-1035 label, unique across the whole cluster; the CassandraDatacenter name. */
  readonly name: string;
  /** Name of the data plane hosting the DC. */
  readonly dataPlane: string;
  /** Number of nodes; a multiple of the rack count. */
  readonly size: number;
  /**
   * Racks; undefined = one rack per zone of the data plane.
   * @default - one rack per zone of the data plane
   */
  readonly racks?: readonly RackSpec[];
  /**
   * Data volume of this DC's nodes.
   * @default - the cluster's `storage`
   */
  readonly storage?: StorageSpec;
  /**
   * Cassandra container resources of this DC.
   * @default - the cluster's `resources`
   */
  readonly resources?: ResourceRequirements;
  /**
   * Server configuration of this DC, merged key by key over the cluster's.
   * @default - the cluster's `config`
   */
  readonly config?: CassandraConfig;
  /** Whether the DC is scaled to zero nodes, keeping its volumes (`false` unless the options said so). */
  readonly stopped: boolean;
  /**
   * Server version of this DC, e.g. during a rolling upgrade.
   * @default - the cluster's `serverVersion`
   */
  readonly serverVersion?: string;
}

/**
 * A user keyspace and its replication factor per DC. Upstream replicates only the keyspaces
 * it is told about into a new DC (the `k8ssandra.io/dc-replication` annotation, which must
 * name every user keyspace), so the model lists them.
 */
export interface KeyspaceSpec {
  /** Keyspace name as Cassandra knows it. */
  readonly name: string;
  /** Replicas per DC name; a DC left out holds no replica (0). */
  readonly replication: Readonly<Record<string, number>>;
}

/**
 * Joining a Cassandra cluster that runs outside the platform, e.g. while migrating it in.
 * Not for DCs of the platform: those are all in the one K8ssandraCluster and find each
 * other through upstream's own seed handling.
 */
export interface ExternalClusterSpec {
  /** DCs of the outside cluster, kept in the replication of the system keyspaces. */
  readonly datacenters: readonly string[];
  /** IP addresses of some outside nodes (upstream keeps IPs only and drops host names). */
  readonly seeds: readonly string[];
}

/** A Cassandra cluster, possibly spanning several data planes. Defaults already applied. */
export interface CassandraClusterSpec {
  /** Construct path (cdk8s) or resource name (Pulumi), for error messages. */
  readonly path: string;
  /** Object name: MissionControlCluster and K8ssandraCluster `metadata.name`. */
  readonly name: string;
  /** Cassandra `cluster_name`; immutable. */
  readonly clusterName: string;
  /** Distribution; `ServerType.CASSANDRA` unless the options chose another. Immutable. */
  readonly serverType: ServerType;
  /** Server version of every DC that does not override it, e.g. '4.1.8'. */
  readonly serverVersion: string;
  /** How the cluster reaches its data planes: the options' value, else the control plane's `defaultDelivery`, else `Delivery.RECONCILED`. */
  readonly delivery: Delivery;
  /** The DCs, in declaration order. */
  readonly datacenters: readonly DatacenterSpec[];
  /**
   * Data volume of every DC that does not set its own.
   * @default - none: each DC must set `storage`
   */
  readonly storage?: StorageSpec;
  /**
   * Cassandra container resources of every DC that does not set its own.
   * @default - none: no requests or limits
   */
  readonly resources?: ResourceRequirements;
  /**
   * Server configuration of every DC; DC configs are merged over it key by key.
   * @default - server defaults
   */
  readonly config?: CassandraConfig;
  /**
   * Secret with the superuser credentials (`username`, `password`), next to the K8ssandraCluster.
   * @default - generated by the operator
   */
  readonly superuserSecretRef?: SecretKeyRef;
  /** Authentication for Cassandra, Reaper and Medusa (`true` unless the options turned it off). */
  readonly auth: boolean;
  /**
   * Keystore and truststore Secrets.
   * @default - no encryption stores
   */
  readonly encryption?: EncryptionSpec;
  /**
   * Repairs with Reaper.
   * @default - no Reaper
   */
  readonly reaper?: ReaperSpec;
  /**
   * Backups with Medusa.
   * @default - no Medusa
   */
  readonly medusa?: MedusaSpec;
  /**
   * Metrics endpoints.
   * @default - none
   */
  readonly telemetry?: TelemetrySpec;
  /** Whether several Cassandra nodes may share a worker node (`false` unless the options said so). */
  readonly softPodAntiAffinity: boolean;
  /** Whether GitOps tools may prune the cluster objects: `'Retain'` (the default of the options) or `'Delete'`. */
  readonly deletionPolicy: DeletionPolicy;
  /**
   * Declared user keyspaces; undefined = none declared (no user data reaches a new DC).
   * @default - none declared: a new DC gets no user data
   */
  readonly keyspaces?: readonly KeyspaceSpec[];
  /**
   * Only when joining a cluster outside the platform.
   * @default - the cluster joins nothing outside the platform
   */
  readonly external?: ExternalClusterSpec;
}
