import {
  Controller,
  defaultControllerRateLimiter,
  ExponentialFailureRateLimiter,
  FakeClock,
  MaxOfRateLimiter,
  RuntimeMetrics,
  TokenBucketRateLimiter,
  WorkQueue,
  type WorkQueueItem,
} from '../../../lib/reconciler/runtime';

/** Lets promise callbacks and a few turns of the event loop run; nothing here needs real time. */
const flush = async (): Promise<void> => {
  for (let turn = 0; turn < 5; turn++) {
    for (let i = 0; i < 10; i++) await Promise.resolve();
    await new Promise((resolve) => setImmediate(resolve));
  }
};

/** Resolves to the item if `get()` settles within {@link flush}, else 'pending' (the fake clock never advances by itself). */
async function settled<K>(p: Promise<WorkQueueItem<K>>): Promise<WorkQueueItem<K> | 'pending'> {
  let out: WorkQueueItem<K> | 'pending' = 'pending';
  void p.then((v) => {
    out = v;
  });
  await flush();
  return out;
}

function queue(clock = new FakeClock()): { q: WorkQueue<string>; clock: FakeClock } {
  // A bucket too large to matter, so only the per-key backoff is under test.
  const limiter = new MaxOfRateLimiter<string>(new ExponentialFailureRateLimiter(5, 1_000_000), new TokenBucketRateLimiter(1e9, 1e9, clock));
  return { q: new WorkQueue<string>({ clock, rateLimiter: limiter }), clock };
}

describe('WorkQueue', () => {
  test('a key added while queued is queued once (dirty set)', async () => {
    const { q } = queue();
    q.add('a');
    q.add('b');
    q.add('a');
    q.add('a');
    expect(q.len()).toBe(2);
    expect(await q.get()).toEqual({ shutdown: false, key: 'a' });
    expect(await q.get()).toEqual({ shutdown: false, key: 'b' });
    expect(await settled(q.get())).toBe('pending');
  });

  test('a key is never handed out while being processed; re-adds collapse into one requeue after done', async () => {
    const { q } = queue();
    q.add('a');
    expect(await q.get()).toEqual({ shutdown: false, key: 'a' });
    q.add('a');
    q.add('a');
    q.add('a');
    expect(q.len()).toBe(0);
    const next = q.get();
    expect(await settled(next)).toBe('pending');
    q.done('a');
    expect(await next).toEqual({ shutdown: false, key: 'a' });
    q.done('a');
    expect(q.len()).toBe(0);
    expect(await settled(q.get())).toBe('pending');
  });

  test('low-priority keys are handed out only when no normal key is queued', async () => {
    const { q } = queue();
    for (const k of ['r1', 'r2', 'r3']) q.add(k, 'low');
    q.add('change');
    expect(q.len()).toBe(4);
    const order: string[] = [];
    for (let i = 0; i < 4; i++) {
      const item = await q.get();
      order.push(item.key!);
      q.done(item.key!);
    }
    expect(order).toEqual(['change', 'r1', 'r2', 'r3']);
  });

  test('a normal add of a key queued at low priority moves it ahead of the low keys, still once', async () => {
    const { q } = queue();
    for (const k of ['r1', 'r2', 'r3']) q.add(k, 'low');
    q.add('r3');
    q.add('r3', 'low');
    expect(q.len()).toBe(3);
    const order: string[] = [];
    for (let i = 0; i < 3; i++) order.push((await q.get()).key!);
    expect(order).toEqual(['r3', 'r1', 'r2']);
  });

  test('a key re-added while processing is queued again at the higher of its pending priorities', async () => {
    const { q } = queue();
    q.add('a');
    expect((await q.get()).key).toBe('a');
    q.add('a', 'low');
    q.add('b', 'low');
    q.add('a');
    q.done('a');
    expect((await q.get()).key).toBe('a');
    expect((await q.get()).key).toBe('b');
    // And a key only ever re-added at low priority stays behind normal work.
    q.add('c');
    q.add('a', 'low');
    q.add('d');
    q.done('a');
    expect([(await q.get()).key, (await q.get()).key, (await q.get()).key]).toEqual(['c', 'd', 'a']);
  });

  test('two concurrent getters receive different keys in FIFO order', async () => {
    const { q } = queue();
    const g1 = q.get();
    const g2 = q.get();
    q.add('x');
    q.add('y');
    expect(await g1).toEqual({ shutdown: false, key: 'x' });
    expect(await g2).toEqual({ shutdown: false, key: 'y' });
    expect(q.processingCount()).toBe(2);
  });

  test('addAfter waits for the clock; an earlier delay for the same key wins', async () => {
    const { q, clock } = queue();
    q.addAfter('a', 100);
    q.addAfter('a', 50);
    q.addAfter('a', 500);
    expect(q.waitingCount()).toBe(1);
    clock.advance(49);
    expect(q.len()).toBe(0);
    clock.advance(1);
    expect(q.len()).toBe(1);
    expect(q.waitingCount()).toBe(0);
    clock.advance(1_000);
    expect(q.len()).toBe(1);
  });

  test('addRateLimited backs off exponentially per key, capped, and forget resets it', async () => {
    const { q, clock } = queue();
    const delays: number[] = [];
    for (let i = 0; i < 30; i++) {
      const before = clock.now();
      q.addRateLimited('k');
      let waited = 0;
      while (q.len() === 0) {
        clock.advance(1);
        waited++;
        if (waited > 2_000_000) throw new Error('never became ready');
      }
      delays.push(clock.now() - before);
      const item = await q.get();
      q.done(item.key as string);
    }
    expect(delays.slice(0, 5)).toEqual([5, 10, 20, 40, 80]);
    // 5 ms · 2^n passes the 1000 s cap at n = 18.
    expect(delays[17]).toBe(5 * 2 ** 17);
    expect(delays.slice(18)).toEqual(Array(12).fill(1_000_000));
    expect(q.numRequeues('k')).toBe(30);

    q.forget('k');
    expect(q.numRequeues('k')).toBe(0);
    q.addRateLimited('k');
    clock.advance(4);
    expect(q.len()).toBe(0);
    clock.advance(1);
    expect(q.len()).toBe(1);
  });

  test('backoff is per key', () => {
    const limiter = new ExponentialFailureRateLimiter<string>(5, 1_000_000);
    expect([limiter.when('a'), limiter.when('a'), limiter.when('a')]).toEqual([5, 10, 20]);
    expect(limiter.when('b')).toBe(5);
    limiter.forget('a');
    expect(limiter.when('a')).toBe(5);
    expect(limiter.numRequeues('b')).toBe(1);
  });

  test('the token bucket allows a burst of 100, then 10 per second; the default limiter takes the max', () => {
    const clock = new FakeClock();
    const bucket = new TokenBucketRateLimiter<string>(10, 100, clock);
    const first = Array.from({ length: 100 }, (_, i) => bucket.when(`k${i}`));
    expect(first.every((d) => d === 0)).toBe(true);
    expect(bucket.when('x')).toBe(100);
    expect(bucket.when('y')).toBe(200);
    clock.advance(1_000);
    // 10 tokens refilled, 2 of them owed.
    expect(Array.from({ length: 8 }, () => bucket.when('z'))).toEqual(Array(8).fill(0));
    expect(bucket.when('z')).toBe(100);

    const combined = defaultControllerRateLimiter<string>({ clock: new FakeClock() });
    // Distinct keys: the per-key backoff stays at 5 ms while the bucket drains.
    const delays = Array.from({ length: 102 }, (_, i) => combined.when(`key-${i}`));
    expect(delays.slice(0, 100).every((d) => d === 5)).toBe(true);
    expect(delays.slice(100)).toEqual([100, 200]);
  });

  test('shutDown ignores adds, drops delayed keys, hands out what is queued, then reports shutdown', async () => {
    const { q, clock } = queue();
    q.add('a');
    q.add('b');
    q.addAfter('later', 10);
    const idle = queue().q;
    const waiting = idle.get();
    idle.shutDown();
    expect(await waiting).toEqual({ shutdown: true });

    q.shutDown();
    q.add('c');
    clock.advance(100);
    expect(q.len()).toBe(2);
    expect(await q.get()).toEqual({ shutdown: false, key: 'a' });
    expect(await q.get()).toEqual({ shutdown: false, key: 'b' });
    expect(await q.get()).toEqual({ shutdown: true });
  });

  test('shutDownWithDrain waits for keys being processed', async () => {
    const { q } = queue();
    q.add('a');
    q.add('b');
    const a = await q.get();
    const b = await q.get();
    let drained = false;
    const drain = q.shutDownWithDrain().then(() => {
      drained = true;
    });
    await flush();
    expect(drained).toBe(false);
    q.done(a.key as string);
    await flush();
    expect(drained).toBe(false);
    q.done(b.key as string);
    await drain;
    expect(drained).toBe(true);
    expect(await q.get()).toEqual({ shutdown: true });
  });

  test('reports client-go workqueue metrics', async () => {
    const clock = new FakeClock();
    const metrics = new RuntimeMetrics();
    const q = new WorkQueue<string>({ name: 'unit', clock, metrics: metrics.workQueue('unit') });
    q.add('a');
    q.add('a');
    q.add('b');
    clock.advance(2_000);
    const item = await q.get();
    clock.advance(3_000);
    q.addRateLimited('c');
    const text = await metrics.text();
    expect(text).toMatch(/^workqueue_adds_total\{name="unit",controller="unit"\} 2$/m);
    expect(text).toMatch(/^workqueue_depth\{name="unit",controller="unit"\} 1$/m);
    expect(text).toMatch(/^workqueue_retries_total\{name="unit",controller="unit"\} 1$/m);
    expect(text).toMatch(/^workqueue_queue_duration_seconds_sum\{name="unit",controller="unit"\} 2$/m);
    expect(text).toMatch(/^workqueue_unfinished_work_seconds\{name="unit",controller="unit"\} 3$/m);
    expect(text).toMatch(/^workqueue_longest_running_processor_seconds\{name="unit",controller="unit"\} 3$/m);
    q.done(item.key as string);
    expect(await metrics.text()).toMatch(/^workqueue_work_duration_seconds_count\{name="unit",controller="unit"\} 1$/m);
  });
});

describe('Controller', () => {
  function controller(reconcile: (key: string) => Promise<{ requeueAfterMs?: number; requeue?: boolean } | void>, workers = 1) {
    const clock = new FakeClock();
    const metrics = new RuntimeMetrics();
    const errors: unknown[] = [];
    const c = new Controller<string>({
      name: 'test',
      reconcile,
      clock,
      metrics,
      maxConcurrentReconciles: workers,
      onError: (_key, err) => errors.push(err),
    });
    return { c, clock, metrics, errors };
  }

  test('success forgets, errors back off and count, requeueAfter re-runs after the delay', async () => {
    const calls: string[] = [];
    let fail = 2;
    const { c, clock, metrics, errors } = controller(async (key) => {
      calls.push(key);
      if (key === 'flaky' && fail-- > 0) throw new Error('boom');
      if (key === 'later' && calls.filter((k) => k === 'later').length === 1) return { requeueAfterMs: 1_000 };
      return undefined;
    });
    c.start();
    c.enqueue('ok');
    c.enqueue('flaky');
    c.enqueue('later');
    await flush();
    expect(calls).toEqual(['ok', 'flaky', 'later']);
    expect(errors).toHaveLength(1);
    expect(c.queue.numRequeues('flaky')).toBe(1);

    clock.advance(5);
    await flush();
    expect(calls.filter((k) => k === 'flaky')).toHaveLength(2);
    clock.advance(9);
    await flush();
    expect(calls.filter((k) => k === 'flaky')).toHaveLength(2);
    clock.advance(1);
    await flush();
    expect(calls.filter((k) => k === 'flaky')).toHaveLength(3);
    expect(c.queue.numRequeues('flaky')).toBe(0);

    clock.advance(1_000);
    await flush();
    expect(calls.filter((k) => k === 'later')).toHaveLength(2);
    await c.stop();

    const text = await metrics.text();
    expect(text).toMatch(/^controller_runtime_reconcile_total\{controller="test",result="success"\} 3$/m);
    expect(text).toMatch(/^controller_runtime_reconcile_total\{controller="test",result="error"\} 2$/m);
    expect(text).toMatch(/^controller_runtime_reconcile_total\{controller="test",result="requeue_after"\} 1$/m);
    expect(text).toMatch(/^controller_runtime_reconcile_total\{controller="test",result="requeue"\} 0$/m);
    expect(text).toMatch(/^controller_runtime_reconcile_errors_total\{controller="test"\} 2$/m);
    expect(text).toMatch(/^controller_runtime_max_concurrent_reconciles\{controller="test"\} 1$/m);
    expect(text).toMatch(/^controller_runtime_reconcile_time_seconds_count\{controller="test"\} 6$/m);
    expect(text).toMatch(/^controller_runtime_active_workers\{controller="test"\} 0$/m);
  });

  test('N workers run different keys concurrently but never the same key twice', async () => {
    const release = new Map<string, () => void>();
    let running = 0;
    let peak = 0;
    const runs: string[] = [];
    const { c } = controller(async (key) => {
      runs.push(key);
      running++;
      peak = Math.max(peak, running);
      await new Promise<void>((resolve) => release.set(key, resolve));
      running--;
    }, 3);
    c.start();
    c.enqueue('a');
    c.enqueue('b');
    await flush();
    expect(c.activeWorkers).toBe(2);
    c.enqueue('a');
    c.enqueue('a');
    await flush();
    expect(runs).toEqual(['a', 'b']);
    release.get('a')?.();
    await flush();
    expect(runs).toEqual(['a', 'b', 'a']);
    release.get('a')?.();
    release.get('b')?.();
    await flush();
    expect(peak).toBe(2);
    await c.stop();
  });

  test('a pass over keys that need no request lets the event loop turn between keys', async () => {
    // Such reconciles complete in microtasks: without a turn of the loop in between, a resync
    // of every key ran as one block, and a watch event or timer waited for all of it.
    const done: string[] = [];
    const { c } = controller(async (key) => {
      done.push(key);
    }, 4);
    const keys = Array.from({ length: 200 }, (_, i) => `k${i}`);
    for (const k of keys) c.enqueue(k, 'low');
    let doneAtFirstTurn = -1;
    setImmediate(() => {
      doneAtFirstTurn = done.length;
    });
    c.start();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(done).toHaveLength(200);
    // One key per worker before the loop turns, not the whole pass.
    expect(doneAtFirstTurn).toBeGreaterThan(0);
    expect(doneAtFirstTurn).toBeLessThanOrEqual(4);
    await c.stop();
  });

  test('stop lets in-flight reconciles finish and takes no new keys', async () => {
    let finish: () => void = () => undefined;
    const runs: string[] = [];
    const { c } = controller(async (key) => {
      runs.push(key);
      if (key === 'slow') await new Promise<void>((resolve) => { finish = resolve; });
    });
    c.start();
    c.enqueue('slow');
    await flush();
    c.enqueue('queued');
    let stopped = false;
    const stopping = c.stop().then(() => {
      stopped = true;
    });
    await flush();
    expect(stopped).toBe(false);
    finish();
    await stopping;
    expect(runs).toEqual(['slow']);
    c.enqueue('after-stop');
    await flush();
    expect(runs).toEqual(['slow']);
  });
});
