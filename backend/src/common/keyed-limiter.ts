/**
 * At most `limit` tasks per key run at once in this process; the rest wait in memory, holding nothing.
 * Used where work would otherwise wait inside a database transaction (bookings queueing on their
 * resource locks) and so hold pool connections other clinics need.
 */
export class KeyedLimiter {
  private readonly running = new Map<string, { active: number; waiting: (() => void)[] }>();

  constructor(private readonly limit: number) {}

  async run<T>(key: string, task: () => Promise<T>): Promise<T> {
    let slot = this.running.get(key);
    if (!slot) this.running.set(key, (slot = { active: 0, waiting: [] }));
    if (slot.active >= this.limit) await new Promise<void>((resolve) => slot.waiting.push(resolve));
    slot.active++;
    try {
      return await task();
    } finally {
      slot.active--;
      const next = slot.waiting.shift();
      if (next) next();
      else if (slot.active === 0) this.running.delete(key);
    }
  }
}
