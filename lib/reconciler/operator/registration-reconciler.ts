import type { OperatorContext } from './context';
import { RESOURCES } from '../../kube/resources';
import { sameStatus } from '../cluster-status';
import { setConditions, type Condition } from '../conditions';

interface RegistrationStatus {
  observedGeneration: number;
  conditions: Condition[];
}

/**
 * Mirrors each data plane's connection state into its DataPlaneRegistration's `Reachable`
 * condition, with the reason of that plane alone (a Secret that is missing or does not parse,
 * a failing credential plugin, an API server that does not answer). Writes only on change.
 */
export function registrationReconciler(ctx: OperatorContext) {
  return async (key: string): Promise<void> => {
    const registration = ctx.registrations.store.getByKey(key);
    if (!registration || registration.metadata.deletionTimestamp) return;
    const generation = Number(registration.metadata.generation ?? 0);
    const previous = (registration.status ?? {}) as Partial<RegistrationStatus>;
    const condition = ctx.dataPlanes.condition(registration.metadata.name);
    const status: RegistrationStatus = {
      observedGeneration: generation,
      conditions: setConditions(previous.conditions ?? [], [{ type: 'Reachable', ...condition }], generation, ctx.now()),
    };
    if (sameStatus({ observedGeneration: previous.observedGeneration, conditions: previous.conditions }, status)) return;
    await ctx.controlPlane.patchStatus(RESOURCES.DataPlaneRegistration, { name: registration.metadata.name, namespace: registration.metadata.namespace }, status, { mode: 'apply' });
  };
}
