import { createVirtualClock, type VirtualClock } from '../clock/virtual-clock.ts';
import { type Simulator, type SimulatorOptions, startSimulator } from '../simulator.ts';

/** A simulator on its own virtual clock (not advancing by itself). */
export interface VirtualSim {
  readonly sim: Simulator;
  readonly clock: VirtualClock;
}

/** Opens simulators on virtual clocks starting at `startMs`, and closes them all (after each test). */
export function virtualSims(startMs: number): {
  open(options?: SimulatorOptions): Promise<VirtualSim>;
  closeAll(): Promise<void>;
} {
  const opened: Simulator[] = [];
  return {
    async open(options = {}) {
      const clock = createVirtualClock({ startMs, auto: false });
      const sim = await startSimulator({ clock, ...options });
      opened.push(sim);
      return { sim, clock };
    },
    async closeAll() {
      await Promise.all(opened.splice(0).map((sim) => sim.close()));
    },
  };
}
