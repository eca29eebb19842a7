import type { KubeObject } from '../../core/kube-object';
import { stripForCache } from '../runtime/cache-transform';

/** Long enough for any watch to deliver a write; short enough that a missed event heals. */
const TTL_MS = 30_000;

interface Written {
  /** Versions the cache may still show that the write replaced; undefined for "not there". */
  readonly superseded: ReadonlySet<string | undefined>;
  readonly after: KubeObject;
  readonly at: number;
}

/**
 * Read-your-writes over an informer cache: the object as the operator last wrote it, while
 * the cache still shows a version that write (or one before it in the same pass) replaced.
 * Without it, a reconcile that runs before the watch delivers the write would see the old
 * object, write again and record the same transition (or drift) twice.
 */
export class WrittenObjects {
  private readonly written = new Map<string, Written>();

  constructor(private readonly now: () => number = Date.now) {}

  /**
   * `cached` is what the cache showed when the pass that wrote `after` started. Kept as the
   * informer would keep it: a write's answer carries its managedFields, and the initial
   * reconcile of 1 000 clusters holds two answers for each.
   */
  note(key: string, cached: KubeObject | undefined, after: KubeObject): void {
    const previous = this.fresh(key, cached);
    const superseded = new Set(previous ? [...previous.superseded, rv(previous.after)] : []);
    superseded.add(rv(cached));
    this.written.set(key, { superseded, after: stripForCache(after), at: this.now() });
  }

  /** `cached`, unless it is still a version a recent write of this key replaced. */
  resolve(key: string, cached: KubeObject | undefined): KubeObject | undefined {
    return this.fresh(key, cached)?.after ?? cached;
  }

  private fresh(key: string, cached: KubeObject | undefined): Written | undefined {
    const w = this.written.get(key);
    if (!w) return undefined;
    if (w.superseded.has(rv(cached)) && this.now() - w.at < TTL_MS) return w;
    this.written.delete(key);
    return undefined;
  }
}

const rv = (obj: KubeObject | undefined) => obj?.metadata.resourceVersion as string | undefined;
