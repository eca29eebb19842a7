import type { KubeObject } from '../../core/kube-object';

/** client-go's `MetaNamespaceKeyFunc`: `namespace/name`, or `name` for cluster-scoped objects. */
export function objectStoreKey(obj: Pick<KubeObject, 'metadata'>): string {
  return obj.metadata.namespace ? `${obj.metadata.namespace}/${obj.metadata.name}` : obj.metadata.name;
}

/** Splits a store key back into namespace and name. */
export function splitStoreKey(key: string): { readonly namespace?: string; readonly name: string } {
  const slash = key.indexOf('/');
  return slash < 0 ? { name: key } : { namespace: key.slice(0, slash), name: key.slice(slash + 1) };
}

/** Read-only view of an informer's cache. Objects are shared: never mutate them. */
export interface ReadonlyStore<T extends KubeObject> {
  /** Number of cached objects. */
  readonly size: number;
  get(name: string, namespace?: string): T | undefined;
  getByKey(key: string): T | undefined;
  list(): T[];
  keys(): string[];
}

/** In-memory object cache keyed by {@link objectStoreKey}. */
export class ObjectStore<T extends KubeObject> implements ReadonlyStore<T> {
  private items = new Map<string, T>();

  get size(): number {
    return this.items.size;
  }

  get(name: string, namespace?: string): T | undefined {
    return this.items.get(namespace ? `${namespace}/${name}` : name);
  }

  getByKey(key: string): T | undefined {
    return this.items.get(key);
  }

  list(): T[] {
    return [...this.items.values()];
  }

  keys(): string[] {
    return [...this.items.keys()];
  }

  /** Stores `obj`; returns the previous version. */
  set(obj: T): T | undefined {
    const key = objectStoreKey(obj);
    const old = this.items.get(key);
    this.items.set(key, obj);
    return old;
  }

  /** Removes the object with `obj`'s key; returns what was cached. */
  delete(obj: T): T | undefined {
    const key = objectStoreKey(obj);
    const old = this.items.get(key);
    this.items.delete(key);
    return old;
  }

  /** Swaps in a complete new content; returns the previous content by key. */
  replace(objects: readonly T[]): Map<string, T> {
    const previous = this.items;
    this.items = new Map(objects.map((o) => [objectStoreKey(o), o]));
    return previous;
  }
}
