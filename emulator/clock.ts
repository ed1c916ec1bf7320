/**
 * The emulator's clock: the wall clock (or the `clock` option) plus an offset that tests move
 * forward with `advance` or `set`, so that periods end, trials end and schedules change phase
 * without waiting. It only moves forward. Idempotency keys age with it too.
 */

/** A clock that can be moved forward. */
export class EmulatorClock {
  private readonly base: () => number;
  private offsetMs = 0;

  constructor(base: () => number) {
    this.base = base;
  }

  /** Milliseconds since the epoch. */
  nowMs(): number {
    return this.base() + this.offsetMs;
  }

  /** Unix seconds. */
  now(): number {
    return Math.floor(this.nowMs() / 1000);
  }

  /** Moves the clock forward by `seconds` (a non-negative integer). */
  advance(seconds: number): void {
    if (!Number.isInteger(seconds) || seconds < 0) {
      throw new RangeError(`the clock only moves forward by whole seconds, got ${seconds}`);
    }
    this.offsetMs += seconds * 1000;
  }

  /** Moves the clock forward to `unixSeconds` (not before now). */
  set(unixSeconds: number): void {
    const now = this.now();
    if (!Number.isInteger(unixSeconds) || unixSeconds < now) {
      throw new RangeError(`the clock only moves forward: ${unixSeconds} is before ${now}`);
    }
    this.advance(unixSeconds - now);
  }
}
