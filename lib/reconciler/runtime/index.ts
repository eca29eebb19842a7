/**
 * Controller runtime of the reconciler: controller-runtime / client-go semantics (work queue,
 * informers, leader election, metric names) on top of the small client in `lib/kube`.
 *
 * @packageDocumentation
 */
export { FakeClock, realClock } from './clock';
export type { Clock, TimerHandle } from './clock';
export { Backoff } from './backoff';
export { defaultControllerRateLimiter, ExponentialFailureRateLimiter, MaxOfRateLimiter, TokenBucketRateLimiter } from './rate-limiter';
export type { ControllerRateLimiterOptions, RateLimiter } from './rate-limiter';
export { WorkQueue } from './work-queue';
export type { WorkPriority, WorkQueueItem, WorkQueueOptions } from './work-queue';
export { RuntimeMetrics, runtimeMetrics } from './metrics';
export type { InformerMetricsSink, ReconcileResultLabel, RuntimeMetricsOptions, WorkQueueMetricsSink } from './metrics';
export { ObjectStore, objectStoreKey, splitStoreKey } from './store';
export type { ReadonlyStore } from './store';
export { Informer } from './informer';
export { LAST_APPLIED_ANNOTATION, stripForCache } from './cache-transform';
export type { InformerHandler, InformerOptions } from './informer';
export { LeaderElector } from './leader-election';
export type { LeaderElectionOptions, LeaderElectionRecord } from './leader-election';
export { HealthServer } from './health-server';
export type { HealthCheck, HealthServerOptions } from './health-server';
export { Controller } from './controller';
export type { ControllerOptions, Reconcile, ReconcileResult } from './controller';
