import { cpus, totalmem } from 'node:os';

/** The machine a benchmark ran on, written beside its numbers. */
export interface MachineInfo {
  readonly cpuModel: string;
  readonly cores: number;
  readonly memoryBytes: number;
  readonly nodeVersion: string;
  readonly platform: string;
  readonly date: string;
}

/** Describes this machine and the moment of the run. */
export function describeMachine(date: Date = new Date()): MachineInfo {
  const list = cpus();
  return {
    cpuModel: list[0]?.model.trim() ?? 'unknown',
    cores: list.length,
    memoryBytes: totalmem(),
    nodeVersion: process.version,
    platform: `${process.platform}-${process.arch}`,
    date: date.toISOString(),
  };
}
