import { BackupSchedule, CassandraCluster, Delivery, K8ssandraTask, ReaperDeploymentMode, ServerType, type ControlPlane, type DataPlane } from '../../lib';

/**
 * Two clusters on the example platform, as plain options so the cdk8s and the Pulumi front
 * ends build the same thing. `orders` spans both regions (two DCs in us-east, one in eu-west)
 * and is placed by the control-plane reconciler; `sessions` lives in eu-west only and its
 * K8ssandraCluster is written straight into the control-plane folder.
 */
export function exampleClusters<P>(dataPlanes: { usEast: P; euWest: P }) {
  return {
    orders: {
      name: 'orders',
      options: {
        serverType: ServerType.CASSANDRA,
        serverVersion: '4.1.8',
        // Created out of band next to the K8ssandraCluster; upstream replicates it to every DC.
        superuserSecretRef: { name: 'orders-superuser' },
        storage: { storageClassName: 'gp3', size: '100Gi' },
        resources: { requests: { cpu: '2', memory: '8Gi' }, limits: { cpu: '2', memory: '8Gi' } },
        config: { cassandraYaml: { num_tokens: 16 }, jvmOptions: { heap_initial_size: '4Gi', heap_max_size: '4Gi' } },
        reaper: { deploymentMode: ReaperDeploymentMode.PER_DC, autoScheduling: { enabled: true } },
        medusa: { storageProvider: 's3' as const, bucketName: 'example-cassandra-backups', prefix: 'orders', region: 'us-east-1', storageSecretRef: { name: 'medusa-bucket-key' } },
        telemetry: { prometheus: true },
        // Every user keyspace: a DC added later is rebuilt with exactly these replicas.
        keyspaces: [{ name: 'orders', replication: { dc1: 3, dc2: 3, dc3: 3 } }],
        datacenters: [
          { name: 'dc1', dataPlane: dataPlanes.usEast, size: 3 },
          { name: 'dc2', dataPlane: dataPlanes.usEast, size: 3 },
          { name: 'dc3', dataPlane: dataPlanes.euWest, size: 3 },
        ],
      },
      backupSchedule: { name: 'orders-nightly', cronSchedule: '0 2 * * *' },
      cleanup: { name: 'orders-cleanup', command: { command: 'cleanup' as const, keyspace: 'orders' } },
    },
    sessions: {
      name: 'sessions',
      options: {
        delivery: Delivery.STATIC,
        serverVersion: '5.0.4',
        storage: { storageClassName: 'gp3', size: '20Gi' },
        medusa: { storageProvider: 's3' as const, bucketName: 'example-cassandra-backups', prefix: 'sessions', region: 'eu-west-1', storageSecretRef: { name: 'medusa-bucket-key' } },
        datacenters: [{ name: 'eu1', dataPlane: dataPlanes.euWest, size: 3 }],
      },
      backupSchedule: { name: 'sessions-nightly', cronSchedule: '@daily' },
    },
  };
}

/** The example clusters as cdk8s constructs; dc3 is added with addDatacenter() to show it. */
export function addExampleClusters(controlPlane: ControlPlane, dataPlanes: { usEast: DataPlane; euWest: DataPlane }) {
  const examples = exampleClusters(dataPlanes);
  const [dc1, dc2, dc3] = examples.orders.options.datacenters;
  const orders = new CassandraCluster(controlPlane, examples.orders.name, { ...examples.orders.options, datacenters: [dc1, dc2] });
  orders.addDatacenter(dc3);
  new BackupSchedule(orders, 'nightly', examples.orders.backupSchedule);
  new K8ssandraTask(orders, 'cleanup', examples.orders.cleanup);

  const sessions = new CassandraCluster(controlPlane, examples.sessions.name, examples.sessions.options);
  new BackupSchedule(sessions, 'nightly', examples.sessions.backupSchedule);
  return { orders, sessions };
}
