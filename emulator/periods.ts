/**
 * Billing periods on the calendar, as Stripe counts them: a period is `interval_count` days,
 * weeks, months or years after the billing cycle anchor, in UTC. Months and years keep the
 * anchor's day of the month, clamped to the month's last day (an anchor on the 31st bills on
 * 28 February, then 31 March), and its time of day.
 */
import type { Recurring } from "./records.js";

/** A recurring interval: unit and count. */
export interface Interval {
  readonly interval: Recurring["interval"];
  readonly interval_count: number;
}

const DAY = 86_400;

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
}

/** `anchor` moved forward by `n` intervals (Unix seconds). */
export function addIntervals(anchor: number, every: Interval, n: number): number {
  const steps = every.interval_count * n;
  switch (every.interval) {
    case "day":
      return anchor + steps * DAY;
    case "week":
      return anchor + steps * 7 * DAY;
    case "month":
    case "year": {
      const months = every.interval === "year" ? steps * 12 : steps;
      const at = new Date(anchor * 1000);
      const total = at.getUTCFullYear() * 12 + at.getUTCMonth() + months;
      const year = Math.floor(total / 12);
      const month = total - year * 12;
      const day = Math.min(at.getUTCDate(), daysInMonth(year, month));
      const ms = Date.UTC(year, month, day, at.getUTCHours(), at.getUTCMinutes(), at.getUTCSeconds());
      return Math.floor(ms / 1000);
    }
  }
}

/** The billing period `[start, end)` that contains `now`, counting from `anchor` (now >= anchor). */
export function periodAt(anchor: number, every: Interval, now: number): { start: number; end: number } {
  // Estimate the period index from the average length, then correct it on the calendar.
  const approx: Record<Interval["interval"], number> = {
    day: DAY,
    week: 7 * DAY,
    month: 30.436875 * DAY,
    year: 365.2425 * DAY,
  };
  let n = Math.max(0, Math.floor((now - anchor) / (approx[every.interval] * every.interval_count)) - 1);
  while (addIntervals(anchor, every, n + 1) <= now) n += 1;
  while (n > 0 && addIntervals(anchor, every, n) > now) n -= 1;
  return { start: addIntervals(anchor, every, n), end: addIntervals(anchor, every, n + 1) };
}
