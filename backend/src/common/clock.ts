/**
 * The time services work with. Everything that decides something by the current time (slots in the
 * past, expiry of invites and sessions, reminders, due dates) asks this, never `Date.now()`, so tests
 * can set the time and nothing depends on the day the suite runs.
 */
export abstract class Clock {
  abstract now(): Date;

  nowMs(): number {
    return this.now().getTime();
  }
}

export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}

/** A clock that stands still where a test puts it, and moves only when told to. */
export class FixedClock extends Clock {
  private current: number;

  constructor(start: Date | string) {
    super();
    this.current = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  set(instant: Date | string): void {
    this.current = new Date(instant).getTime();
  }

  advance(ms: number): void {
    this.current += ms;
  }
}
