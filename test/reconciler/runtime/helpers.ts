import type { KubeObject } from '../../../lib/core/kube-object';
import {
  KubeClient,
  resourceType,
  type ListPageOptions,
  type ListResult,
  type ResourceType,
  type WatchEvent,
  type WatchOptions,
} from '../../../lib/kube';
import type { ApiServers } from '../../../lib/testing';

export const CONFIG_MAP: ResourceType = resourceType('v1', 'ConfigMap', 'configmaps');
export const NAMESPACE: ResourceType = resourceType('v1', 'Namespace', 'namespaces', false);

/** Polls `probe` until it returns a truthy value; fails with `what` after `timeoutMs`. */
export async function eventually<T>(what: string, probe: () => T | Promise<T>, timeoutMs = 30_000, intervalMs = 50): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value as NonNullable<T>;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${(last as Error).message})` : ''}`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** Dumps the API server logs when a test fails, since the processes are gone afterwards. */
export function withLogs(servers: () => ApiServers | undefined, fn: () => Promise<void>): () => Promise<void> {
  return async () => {
    try {
      await fn();
    } catch (err) {
      servers()?.dumpLogs(40);
      throw err;
    }
  };
}

export function configMap(namespace: string, name: string, data: Record<string, string>, labels: Record<string, string> = {}): KubeObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace, labels }, data };
}

/**
 * A client whose list and watch calls can be held at a gate, to make "the informer was
 * disconnected while these changes happened" deterministic.
 */
export class GatedClient extends KubeClient {
  /** list/watch calls currently held. */
  held = 0;
  /** Thrown (once) by the next watch call instead of contacting the server. */
  nextWatchError: Error | undefined;
  private closed = false;
  private gate: Promise<void> = Promise.resolve();
  private openGate: () => void = () => undefined;

  /** Calls made from now on wait; calls already past the gate are not affected. */
  close(): void {
    this.closed = true;
    this.gate = new Promise((resolve) => {
      this.openGate = resolve;
    });
  }

  open(): void {
    this.closed = false;
    this.openGate();
  }

  async list<T extends KubeObject = KubeObject>(resource: ResourceType, options?: ListPageOptions): Promise<ListResult<T>> {
    await this.pass();
    return super.list<T>(resource, options);
  }

  async watch<T extends KubeObject = KubeObject>(resource: ResourceType, options?: WatchOptions): Promise<AsyncIterable<WatchEvent<T>>> {
    await this.pass();
    const err = this.nextWatchError;
    if (err) {
      this.nextWatchError = undefined;
      throw err;
    }
    return super.watch<T>(resource, options);
  }

  private async pass(): Promise<void> {
    // Checked synchronously, so `held` only ever counts calls that are really blocked.
    while (this.closed) {
      this.held++;
      try {
        await this.gate;
      } finally {
        this.held--;
      }
    }
  }
}
