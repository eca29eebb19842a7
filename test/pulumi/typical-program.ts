import type * as k8sTypes from '@pulumi/kubernetes';
import type * as lib from '../../lib/pulumi';

type Lib = typeof lib;

/**
 * A small program as a new user writes it: one control plane sharing its cluster with one
 * data plane, a second region, a cluster with a nightly backup and a cleanup task.
 */
export function typicalProgram(l: Lib, k8s: typeof k8sTypes) {
  const controlPlane = new l.ControlPlane('platform', { region: 'us-east-1' }, { provider: new k8s.Provider('cp', { kubeconfig: 'cp' }) });
  const usEast = new l.DataPlane('us-east', { controlPlane, name: 'us-east', region: 'us-east-1', zones: ['us-east-1a'], inControlPlaneCluster: true }, { providers: { kubernetes: controlPlane.provider } });
  const euWest = new l.DataPlane('eu-west', { controlPlane, name: 'eu-west', region: 'eu-west-1', zones: ['eu-west-1a'] }, { providers: [new k8s.Provider('eu', { kubeconfig: 'eu' })] });
  const users = new l.CassandraCluster('users', {
    controlPlane,
    serverVersion: '4.1.8',
    storage: { storageClassName: 'gp3', size: '10Gi' },
    medusa: { storageProvider: 's3', bucketName: 'backups', region: 'eu-west-1', storageSecretRef: { name: 'medusa-key' } },
    datacenters: [{ name: 'eu1', dataPlane: euWest, size: 3 }],
  });
  const nightly = new l.BackupSchedule('users-nightly', { cluster: users, cronSchedule: '0 2 * * *' });
  const cleanup = new l.K8ssandraTask('users-cleanup', { cluster: users, command: { command: 'cleanup', keyspace: 'users' } });
  return { controlPlane, usEast, euWest, users, nightly, cleanup, all: [controlPlane, usEast, euWest, users, nightly, cleanup] };
}
