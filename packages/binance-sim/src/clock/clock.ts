import { type Clock, systemClock } from '@oi/retry';

/**
 * The time source the simulator runs on: the `Clock` of `@oi/retry`, so one virtual clock drives the
 * simulator, the client and the collector in the same test.
 */
export type SimClock = Clock;

/** The real clock (`systemClock` of `@oi/retry`): the simulator's default. */
export const realClock: SimClock = systemClock;
