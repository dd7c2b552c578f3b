/**
 * Polls `check` until it holds; returns how long that took (ms), or throws after `timeoutMs`.
 * The default is generous because files run in parallel on shared machines: a
 * job that answers in milliseconds alone may take seconds there. Tests that
 * promise a speed pass their own bound (and assert on the time returned).
 */
export async function eventually(check: () => Promise<boolean> | boolean, timeoutMs = 30_000): Promise<number> {
  const started = performance.now();
  while (!(await check())) {
    if (performance.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms`);
    // Often enough that a wait ends soon after the fact, rarely enough that a check
    // reading the database does not compete for the CPU with what it waits for.
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return performance.now() - started;
}
