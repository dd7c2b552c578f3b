import type { Clock } from '@governance/api/shared/clock';

/** A clock the test moves by hand. */
export function movableClock(start: string): Clock & { advance(ms: number): void } {
  let now = new Date(start).getTime();
  return {
    now: () => new Date(now),
    advance: (ms) => {
      now += ms;
    },
  };
}
