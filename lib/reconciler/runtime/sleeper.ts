import type { Clock } from './clock';

/**
 * A sleep that `wake()` ends early: retry loops wait between attempts but must stop at once
 * when their owner stops.
 */
export class Sleeper {
  private wakeUp: (() => void) | undefined;

  constructor(private readonly clock: Clock) {}

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = this.clock.setTimeout(() => {
        this.wakeUp = undefined;
        resolve();
      }, ms);
      this.wakeUp = () => {
        this.clock.clearTimeout(timer);
        this.wakeUp = undefined;
        resolve();
      };
    });
  }

  /** Ends the current sleep, if any. */
  wake(): void {
    this.wakeUp?.();
  }
}
