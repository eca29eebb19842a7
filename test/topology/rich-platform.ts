import { Backup, BackupSchedule, CassandraCluster, CassandraTask, ControlPlane, CrdSource, DataPlane, Delivery, K8ssandraTask, MissionControlApp, ReaperDeploymentMode, Restore, ServerType, type TaskCommand } from '../../lib';

/** Every command with arguments, for the conformance checks. */
export const ALL_COMMANDS: TaskCommand[] = [
  { command: 'restart', rack: '1a', fast: true },
  { command: 'cleanup', keyspace: 'ks', tables: ['t1'], jobs: 2 },
  { command: 'rebuild', sourceDatacenter: 'dc1', keyspace: 'ks' },
  { command: 'replacenode', podName: 'shop-dc3-1a-sts-0' },
  { command: 'upgradesstables', keyspace: 'ks', jobs: 1 },
  { command: 'compact', keyspace: 'ks', tables: ['t1'], splitOutput: true, startToken: '-100', endToken: '100' },
  { command: 'scrub', keyspace: 'ks', noValidate: true, noSnapshot: true, skipCorrupted: true },
  { command: 'flush', keyspace: 'ks' },
  { command: 'garbagecollect', keyspace: 'ks', jobs: 1 },
  { command: 'refresh' },
  { command: 'move', newTokens: { 'shop-dc3-1a-sts-0': '42' } },
];

/** A platform using every cluster, task and backup feature, in both delivery modes. */
export function richPlatform(defaultDelivery?: Delivery) {
  const app = new MissionControlApp({ outdir: '/tmp/unused' });
  const controlPlane = new ControlPlane(app, 'control-plane', { region: 'us-east-1', defaultDelivery });
  const usEast = new DataPlane(app, 'us-east', { controlPlane, name: 'us-east', region: 'us-east-1', zones: ['us-east-1a', 'us-east-1b', 'us-east-1c'], inControlPlaneCluster: true, crds: CrdSource.none() });
  const euWest = new DataPlane(app, 'eu-west', { controlPlane, name: 'eu-west', region: 'eu-west-1', zones: ['eu-west-1a', 'eu-west-1b'], crds: CrdSource.none() });
  const resources = { requests: { cpu: '1', memory: '4Gi' }, limits: { cpu: '2', memory: '4Gi' } };
  const medusa = { storageProvider: 's3' as const, bucketName: 'backups', storageSecretRef: { name: 'bucket-key' }, region: 'us-east-1', host: 's3.example.com', sharedConfiguration: 'shared-backups' };
  const clusters = [Delivery.RECONCILED, Delivery.STATIC].map((delivery) => {
    const name = delivery === Delivery.STATIC ? 'shop' : 'orders';
    const c = new CassandraCluster(controlPlane, name, {
      delivery,
      clusterName: `${name}_cluster`,
      serverType: ServerType.CASSANDRA,
      serverVersion: '4.1.8',
      superuserSecretRef: { name: `${name}-superuser` },
      storage: { storageClassName: 'gp3', size: '100Gi', claim: { volumeMode: 'Filesystem' } },
      resources,
      config: { cassandraYaml: { num_tokens: 16, concurrent_reads: 64 }, jvmOptions: { heap_initial_size: '2Gi', heap_max_size: '2Gi', gc: 'G1GC' } },
      encryption: {
        server: { keystoreSecretRef: { name: 'ks', key: 'keystore.jks' }, truststoreSecretRef: { name: 'ts' }, keystorePasswordSecretRef: { name: 'ksp', key: 'password' }, truststorePasswordSecretRef: { name: 'tsp' } },
        client: { keystoreSecretRef: { name: 'cks' }, truststoreSecretRef: { name: 'cts' } },
      },
      reaper: { deploymentMode: ReaperDeploymentMode.SINGLE, autoScheduling: { enabled: true, repairType: 'INCREMENTAL', excludedKeyspaces: ['scratch'] } },
      medusa: { ...medusa, prefix: name },
      telemetry: { prometheus: true, vector: false },
      softPodAntiAffinity: true,
      deletionPolicy: 'Retain',
      keyspaces: [{ name: 'ks', replication: { dc1: 3, dc2: 2, dc3: 3 } }, { name: 'scratch', replication: { dc1: 1 } }],
      datacenters: [
        { name: 'dc1', dataPlane: usEast, size: 3 },
        { name: 'dc2', dataPlane: usEast, size: 2, stopped: true, racks: [{ name: 'east-a', zone: 'us-east-1a' }, { name: 'east-b', zone: 'us-east-1b' }], serverVersion: '4.1.9' },
      ],
    });
    c.addDatacenter({
      name: 'dc3',
      dataPlane: euWest,
      size: 4,
      storage: { storageClassName: 'standard', size: '200Gi' },
      resources: { requests: { cpu: '2', memory: '8Gi' }, limits: { cpu: '2', memory: '8Gi' } },
      config: { cassandraYaml: { concurrent_writes: 64 } },
    });
    ALL_COMMANDS.forEach((command, i) => new CassandraTask(c, `task-${i}`, { name: `${name}-${command.command}`, datacenter: 'dc3', command }));
    new K8ssandraTask(c, 'restart-all', { name: `${name}-restart-all`, command: { command: 'restart' }, dcConcurrencyPolicy: 'Allow' });
    new BackupSchedule(c, 'nightly', { cronSchedule: '0 2 * * *', backupType: 'full' });
    new Backup(c, 'before-upgrade', { datacenters: ['dc1', 'dc3'] });
    new Restore(c, 'restore-dc3', { datacenter: 'dc3', backup: `${name}-before-upgrade-dc3` });
    return c;
  });
  return { app, controlPlane, usEast, euWest, clusters };
}
