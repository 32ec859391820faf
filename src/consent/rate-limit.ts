// In-memory token bucket per key (the truncated IP): `rate` tokens per second, bursts up to `burst`.
// Per instance: behind a load balancer each instance limits on its own, which is enough against floods.
export class TokenBuckets {
  readonly rate: number;
  readonly burst: number;
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private lastSweep = 0;

  constructor(rate: number, burst: number) {
    this.rate = rate;
    this.burst = burst;
  }

  /** Takes one token for `key`; false when the bucket is empty. */
  take(key: string, now = Date.now()): boolean {
    if (this.rate <= 0) return true;
    if (now - this.lastSweep > 60_000) this.sweep(now);
    const b = this.buckets.get(key);
    if (!b) {
      this.buckets.set(key, { tokens: this.burst - 1, at: now });
      return true;
    }
    b.tokens = Math.min(this.burst, b.tokens + ((now - b.at) / 1000) * this.rate);
    b.at = now;
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  }

  /** Forgets full buckets, so the map does not grow with every visitor ever seen. */
  private sweep(now: number): void {
    this.lastSweep = now;
    for (const [key, b] of this.buckets) {
      if (b.tokens + ((now - b.at) / 1000) * this.rate >= this.burst) this.buckets.delete(key);
    }
  }
}
