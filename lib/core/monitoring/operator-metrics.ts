/**
 * Metrics the control-plane operator exports about what it manages, read from its caches at
 * scrape time by the leader only: a standby holds no data-plane connections, so its view of
 * reachability would be wrong. Timestamps rather than ages so that a stuck object keeps one
 * unchanging series and alerts compare against `time()`. The objects' namespaces are
 * `cluster_namespace` and `task_namespace`: a `namespace` label would clash with the scrape
 * target's own and be renamed `exported_namespace` by Prometheus.
 */
export const OPERATOR_METRICS = {
  /** Unix time a MissionControlCluster's Progressing condition became True; labels cluster_namespace, cluster. */
  clusterProgressingSince: 'mission_control_cluster_progressing_since_timestamp_seconds',
  /** Unix time a DC's Ready condition left True; labels cluster_namespace, cluster, datacenter, data_plane. */
  datacenterNotReadySince: 'mission_control_datacenter_not_ready_since_timestamp_seconds',
  /** Unix time a MissionControlTask started, while it is neither Complete nor Failed; labels task_namespace, task. */
  taskRunningSince: 'mission_control_task_running_since_timestamp_seconds',
  /** 1 while a registered data plane's caches are synced and its watches healthy, else 0; label data_plane. */
  dataPlaneReachable: 'mission_control_data_plane_reachable',
} as const;
