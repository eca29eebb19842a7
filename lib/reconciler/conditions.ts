/** metav1.Condition. */
export interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  observedGeneration?: number;
  lastTransitionTime: string;
  reason: string;
  message: string;
}

export type ConditionInput = Pick<Condition, 'type' | 'status' | 'reason' | 'message'>;

/**
 * Sets a condition the way apimachinery's meta.SetStatusCondition does: lastTransitionTime
 * changes only when the status does, so re-reconciling an unchanged object yields an
 * identical status (and no status write).
 */
export function setCondition(conditions: readonly Condition[], input: ConditionInput, generation: number, now: string): Condition[] {
  const previous = conditions.find((c) => c.type === input.type);
  const next: Condition = {
    type: input.type,
    status: input.status,
    observedGeneration: generation,
    lastTransitionTime: previous && previous.status === input.status ? previous.lastTransitionTime : now,
    reason: input.reason,
    message: input.message,
  };
  return [...conditions.filter((c) => c.type !== input.type), next].sort((a, b) => (a.type < b.type ? -1 : a.type > b.type ? 1 : 0));
}

export function setConditions(conditions: readonly Condition[], inputs: readonly ConditionInput[], generation: number, now: string): Condition[] {
  return inputs.reduce((acc, input) => setCondition(acc, input, generation, now), [...conditions]);
}
