import { type NodeState, type Ring, atLeast, cassandraVersionOf } from './model';
import { keyToken } from './random';
import { type ConsistencyLevel, checkAvailability, replicasFor } from './schema';

/** A row of system_auth.roles, with write counters for assertions. */
export interface Role {
  readonly name: string;
  superuser: boolean;
  login: boolean;
  password: string;
  /** Times the role was created in the ring (more than one after two rings merge). */
  creates: number;
  /** Times an existing role was written again. */
  updates: number;
  updatedAt: number;
}

/** Read-only view of a role for assertions. */
export interface RoleInfo {
  /** Role name. */
  readonly name: string;
  /** `is_superuser` of the last write. */
  readonly superuser: boolean;
  /** `can_login` of the last write. */
  readonly login: boolean;
  /** Times the role was created; above 1 when rings that each created it merged. */
  readonly creates: number;
  /** Times an existing role was written again. */
  readonly updates: number;
  /** Ring holding this row. */
  readonly ringId: number;
}

/**
 * Consistency of role writes: 4.1 made it `auth_write_consistency_level`, EACH_QUORUM by
 * default; before that the default superuser was written at QUORUM and other roles at LOCAL_ONE.
 */
export function roleWriteConsistency(coordinator: NodeState, role: string): ConsistencyLevel {
  if (atLeast(cassandraVersionOf(coordinator.spec), 4, 1)) return 'EACH_QUORUM';
  return role === 'cassandra' ? 'QUORUM' : 'LOCAL_ONE';
}

/** Why a role write coordinated by `coordinator` cannot reach its consistency level, if it cannot. */
export function roleWriteUnavailable(ring: Ring, coordinator: NodeState, role: string): string | undefined {
  const ks = ring.keyspaces.get('system_auth');
  if (!ks) return 'Keyspace system_auth does not exist';
  const cl = roleWriteConsistency(coordinator, role);
  const replicas = replicasFor(ring, ks.replication, keyToken(role));
  return checkAvailability(replicas, ks.replication, cl, coordinator.spec.datacenter);
}

/** Upsert a role row; counts creations and updates. */
export function writeRole(
  ring: Ring,
  name: string,
  fields: { superuser: boolean; login: boolean; password: string },
  now: number,
): Role {
  const existing = ring.roles.get(name);
  if (existing) {
    existing.superuser = fields.superuser;
    existing.login = fields.login;
    existing.password = fields.password;
    existing.updates++;
    existing.updatedAt = now;
    return existing;
  }
  const role: Role = { name, ...fields, creates: 1, updates: 0, updatedAt: now };
  ring.roles.set(name, role);
  return role;
}

/** Roles of two merging rings: the later row wins, counters add up. */
export function mergeRoles(into: Map<string, Role>, from: Map<string, Role>): void {
  for (const [name, role] of from) {
    const mine = into.get(name);
    if (!mine) {
      into.set(name, { ...role });
      continue;
    }
    const later = role.updatedAt > mine.updatedAt ? role : mine;
    into.set(name, {
      ...later,
      creates: mine.creates + role.creates,
      updates: mine.updates + role.updates,
    });
  }
}
