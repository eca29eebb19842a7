/**
 * The symptoms a platform user reports and the operator layers that can cause them, as the
 * Mission Control architecture's troubleshooting table names them. Ids are stable: they are
 * the `--output json` vocabulary.
 */
export const SYMPTOMS = {
  'cannot-create-clusters': 'Cannot create clusters',
  'creation-stuck': 'Cluster creation stuck',
  'pods-not-starting': 'Pods not starting',
  'node-operations-failing': 'Node operations failing',
  'backup-restore': 'Backup or restore issues',
  'multi-dc-coordination': 'Multi-DC coordination issues',
} as const;
export type Symptom = keyof typeof SYMPTOMS;

export const LAYERS = {
  'control-plane-operator': 'control-plane operator (mission-control-operator): validates and plans clusters and tasks',
  'k8ssandra-operator-control-plane': 'k8ssandra-operator in control-plane mode: K8ssandraClusters, K8ssandraTasks, DCs in every data plane',
  'k8ssandra-operator-data-plane': 'k8ssandra-operator in data-plane mode: Medusa, Reaper and Stargate next to the DCs',
  'cass-operator': 'cass-operator: CassandraDatacenters, their StatefulSets and CassandraTasks',
  'kubernetes': 'Kubernetes: scheduling, nodes, images and volumes of the Cassandra pods',
  'cassandra': 'Cassandra and its management API inside the pods',
  'medusa': 'Medusa: the backup sidecar and its storage',
  'plane-connection': 'the connection between the control plane and a data plane (kubeconfig Secret, network)',
} as const;
export type Layer = keyof typeof LAYERS;
