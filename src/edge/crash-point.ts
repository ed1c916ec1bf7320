/**
 * Test-only crash points, so the crash tests (test/crash/) can stop a real `pricing` process
 * exactly between two of its writes, as `kill -9` would there. With
 * `PRICING_TEST_CRASH_AT=<point>` (or `<point>:<n>`, the n-th time the point is reached) the
 * process sends itself SIGKILL at that point; unset, a point costs one environment lookup.
 * Points: `after-lock` (the apply lock taken), `after-step` (an operation carried out on the
 * backend), `after-state-write` (the state file renamed into place: a Stripe checkpoint or the
 * final write), `after-git-add` (the state staged, not committed), `after-commit` (committed, the
 * lock still held). Not a user setting: nothing documents it beyond this comment.
 */

const reached = new Map<string, number>();

/** Kills this process with SIGKILL when PRICING_TEST_CRASH_AT names this point (and count). */
export function crashPoint(point: string): void {
  const at = process.env.PRICING_TEST_CRASH_AT;
  if (!at) return;
  const [name, nth = "1"] = at.split(":");
  if (name !== point) return;
  const count = (reached.get(point) ?? 0) + 1;
  reached.set(point, count);
  if (count === Number(nth)) process.kill(process.pid, "SIGKILL");
}
