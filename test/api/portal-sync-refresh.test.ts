// How a process reacts to policy syncs: one refresh at a time, and a burst
// of notifications during a refresh costs exactly one more, never none.
import { coalesced } from '@governance/api/jobs/portal-sync-refresh';
import { describe, expect, it } from 'vitest';

function gate() {
  let open: () => void = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}

describe('coalesced refreshes', () => {
  it('runs one at a time, and calls during a run share a single next run', async () => {
    const gates = [gate(), gate()];
    let running = 0;
    let most = 0;
    let runs = 0;
    const refresh = coalesced(async () => {
      const run = runs++;
      running++;
      most = Math.max(most, running);
      await gates[run]?.opened;
      running--;
    });
    const first = refresh();
    await Promise.resolve();
    // Three notifications while the first run is busy.
    const later = [refresh(), refresh(), refresh()];
    expect(later[1]).toBe(later[0]);
    expect(later[2]).toBe(later[0]);
    gates[0]?.open();
    await first;
    gates[1]?.open();
    await Promise.all(later);
    expect(runs).toBe(2);
    expect(most).toBe(1);
  });

  it('runs again after a failed run, which the caller sees', async () => {
    let runs = 0;
    const refresh = coalesced(async () => {
      runs++;
      if (runs === 1) throw new Error('astro build exited with 1');
    });
    await expect(refresh()).rejects.toThrow('astro build exited with 1');
    await refresh();
    await refresh.settled();
    expect(runs).toBe(2);
  });
});
