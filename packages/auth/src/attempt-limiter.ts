/**
 * Counts attempts per key in a sliding window, e.g. failed sign-ins per
 * account. Kept in the memory of the portal's process, which is the only
 * process that serves its sign-in form; a restart forgets the counts.
 */
export class AttemptLimiter {
  private readonly attempts = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Returns how long `key` must wait before its next attempt, in milliseconds; 0 when it may try now. */
  waitMs(key: string): number {
    const recent = this.recent(key);
    if (recent.length < this.limit) return 0;
    return recent[recent.length - this.limit]! + this.windowMs - this.now();
  }

  record(key: string): void {
    const recent = this.recent(key);
    recent.push(this.now());
    this.attempts.set(key, recent);
    // Keys of attackers who never come back must not pile up for ever.
    if (this.attempts.size > 10_000) this.prune();
  }

  reset(key: string): void {
    this.attempts.delete(key);
  }

  private recent(key: string): number[] {
    const since = this.now() - this.windowMs;
    return (this.attempts.get(key) ?? []).filter((time) => time > since);
  }

  private prune(): void {
    for (const key of [...this.attempts.keys()]) {
      const recent = this.recent(key);
      if (recent.length === 0) this.attempts.delete(key);
      else this.attempts.set(key, recent);
    }
  }
}
