// Group commit: consent events are queued and written as one multi-row statement per batch, flushed when
// `maxBatch` are queued or when the event loop has read what arrived in this turn (`maxWaitMs` 0, the
// default: measured faster than a 2 ms timer, see docs/benchmarks.md), or `maxWaitMs` after the first
// one; while every lane is busy, events accumulate into the next batch. Each caller is answered only
// once the batch holding its event has committed. One commit (one WAL flush) serves many consents.
import type { Db } from '../store/db.ts';
import { ensurePartitions, insertBatch, type PendingRecord, ROLLUP_SLOTS } from './queries.ts';

interface Waiter {
  record: PendingRecord;
  resolve(stored: boolean): void;
  reject(err: unknown): void;
}

export interface GroupCommitOptions {
  maxBatch?: number;
  maxWaitMs?: number;
  /** Batches committing at once (PGlite has one connection: 1). */
  maxInFlight?: number;
  /** The controller's time zone: rollup days are local days. */
  timeZone: () => string;
}

export class GroupCommitter {
  private readonly db: Db;
  private readonly maxBatch: number;
  private readonly maxWaitMs: number;
  private readonly maxInFlight: number;
  private readonly timeZone: () => string;
  private queue: Waiter[] = [];
  private timer: NodeJS.Timeout | undefined;
  private immediate: NodeJS.Immediate | undefined;
  private inFlight = 0;
  private idle: Array<() => void> = [];
  /** Rollup stripes free for the next batch; an instance starts at a random stripe so instances rarely share one. */
  private readonly lanes: number[];
  /** Counters for the benchmark and for diagnostics. */
  readonly stats = { batches: 0, events: 0, largest: 0 };

  constructor(db: Db, options: GroupCommitOptions) {
    this.db = db;
    this.maxBatch = options.maxBatch ?? 500;
    this.maxWaitMs = options.maxWaitMs ?? 0;
    this.maxInFlight = Math.min(options.maxInFlight ?? (db.kind === 'pglite' ? 1 : 4), ROLLUP_SLOTS);
    this.timeZone = options.timeZone;
    const offset = Math.floor(Math.random() * ROLLUP_SLOTS);
    this.lanes = Array.from({ length: this.maxInFlight }, (_, i) => (offset + i) % ROLLUP_SLOTS);
  }

  /** Resolves true when stored, false when the event id was already in the ledger (a replay). */
  submit(record: PendingRecord): Promise<boolean> {
    return new Promise((resolve, reject) => {
      this.queue.push({ record, resolve, reject });
      if (this.queue.length >= this.maxBatch) this.flush();
      else if (!this.timer && !this.immediate) {
        if (this.maxWaitMs > 0) this.timer = setTimeout(() => this.flush(), this.maxWaitMs);
        // 0: flush once the requests read in this turn of the event loop are queued.
        else this.immediate = setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (this.immediate) {
      clearImmediate(this.immediate);
      this.immediate = undefined;
    }
    while (this.queue.length > 0 && this.inFlight < this.maxInFlight) {
      const batch = this.queue.splice(0, this.maxBatch);
      this.inFlight++;
      const lane = this.lanes.pop()!;
      this.write(batch, lane).finally(() => {
        this.lanes.push(lane);
        this.inFlight--;
        if (this.queue.length > 0) this.flush();
        else if (this.inFlight === 0) for (const done of this.idle.splice(0)) done();
      });
    }
  }

  private async write(batch: Waiter[], slot: number): Promise<void> {
    // The same event id twice in one batch: the first is written, the others answer "already stored".
    const first = new Map<string, PendingRecord>();
    for (const w of batch) if (!first.has(w.record.eventId)) first.set(w.record.eventId, w.record);
    const records = [...first.values()];
    try {
      let stored: Set<string>;
      try {
        stored = await insertBatch(this.db, records, this.timeZone(), slot);
      } catch (err) {
        // 23514: no partition for this month yet (the daily job creates them ahead; this is the safety net).
        if ((err as { code?: string }).code !== '23514') throw err;
        const times = records.map((r) => r.receivedAt.getTime());
        const oldest = new Date(Math.min(...times));
        const newest = new Date(Math.max(...times));
        const months = (newest.getUTCFullYear() - oldest.getUTCFullYear()) * 12 + newest.getUTCMonth() - oldest.getUTCMonth() + 2;
        await ensurePartitions(this.db, oldest, months);
        stored = await insertBatch(this.db, records, this.timeZone(), slot);
      }
      this.stats.batches++;
      this.stats.events += stored.size;
      this.stats.largest = Math.max(this.stats.largest, batch.length);
      for (const w of batch) {
        const mine = first.get(w.record.eventId) === w.record;
        w.resolve(mine && stored.has(w.record.eventId));
      }
    } catch (err) {
      for (const w of batch) w.reject(err);
    }
  }

  /** Writes what is queued and waits for every batch in flight. */
  async drain(): Promise<void> {
    this.flush();
    if (this.inFlight === 0 && this.queue.length === 0) return;
    await new Promise<void>((resolve) => this.idle.push(resolve));
  }
}
