import type { KubeObject } from '../../core/kube-object';

/** Long enough for any watch to deliver a write; short enough that a missed event heals. */
const TTL_MS = 30_000;

interface Written {
  /** The resourceVersion the cache showed when the write was sent; undefined for a create. */
  readonly before?: string;
  readonly after: KubeObject;
  readonly at: number;
}

/**
 * Read-your-writes over an informer cache: the object as the operator last wrote it, while
 * the cache still shows the version that write replaced. Without it, a reconcile that runs
 * before the watch delivers the write would see the old object, write again and report the
 * same change (or drift) twice.
 */
export class WrittenObjects {
  private readonly written = new Map<string, Written>();

  constructor(private readonly now: () => number = Date.now) {}

  note(key: string, cached: KubeObject | undefined, after: KubeObject): void {
    this.written.set(key, { before: cached?.metadata.resourceVersion as string | undefined, after, at: this.now() });
  }

  /** `cached`, unless it is still the version a recent write of this key replaced. */
  resolve(key: string, cached: KubeObject | undefined): KubeObject | undefined {
    const w = this.written.get(key);
    if (!w) return cached;
    if (cached?.metadata.resourceVersion === w.before && this.now() - w.at < TTL_MS) return w.after;
    this.written.delete(key);
    return cached;
  }
}
