// Preloaded (`--import`) into a measured child process: at exit it writes the process's own resource
// usage (peak RSS, CPU time) as JSON to the file named by OI_BENCH_USAGE_FILE. Node offers no rusage
// of a child, and sampling /proc from outside would miss short peaks.
import { writeFileSync } from 'node:fs';

const target = process.env['OI_BENCH_USAGE_FILE'];
if (target !== undefined && target !== '') {
  process.on('exit', () => {
    const usage = process.resourceUsage();
    writeFileSync(
      target,
      JSON.stringify({
        maxRssBytes: usage.maxRSS * 1024,
        userCpuMs: usage.userCPUTime / 1000,
        systemCpuMs: usage.systemCPUTime / 1000,
      }),
    );
  });
}
