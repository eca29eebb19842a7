/**
 * A Cassandra stand-in behind each simulated pod's management API, for tests that run the real
 * operators without kubelet or Cassandra.
 *
 * @packageDocumentation
 */
export { CassandraSimulator, ConnectionRefused } from './simulator';
export type { CassandraSimulatorOptions, KeyspaceInfo, RingInfo, SimulatorResponse } from './simulator';
export { CassandraError } from './cluster';
export type { SimulatorLogger } from './cluster';
export { CallLog, NOT_FOUND_BODY } from './call-log';
export type { CallRecord } from './call-log';
export type { Clock, NodeInfo, NodeSpec, NodeStatus, ServerType } from './model';
export type { JobInfo, JobStatus, JobType } from './jobs';
export type { RoleInfo } from './roles';
export type { ConsistencyLevel, Replication } from './schema';
export { MANAGEMENT_API_FEATURES, ROUTES } from './management-api';
