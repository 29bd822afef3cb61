import type { BinanceClient } from '@oi/client';
import type { CollectorMetrics } from '@oi/metrics';
import type { Clock } from '@oi/retry';
import type { Logger } from '../logging.ts';

/** Where `oi collect` serves its metrics; no server when `port` is undefined. */
export interface CollectorMetricsOptions {
  readonly port: number | undefined;
  readonly host: string;
  /** The engine's clock: the health rules and the tick lag are judged on it. */
  readonly clock: Clock;
  readonly logger: Logger;
}

/** The collector's metrics while its server runs: what the engine, the client and the sink feed report to. */
export interface CollectorMetricsWiring {
  readonly metrics: CollectorMetrics;
  /** The server's base URL (`/metrics` and `/healthz` hang off it). */
  readonly url: string;
  /** Reads the budget gauges from this client's budgets at each scrape from now on. */
  useClient(client: BinanceClient): void;
}

/**
 * Starts the metrics server, runs `work` with it, and stops it whatever happens. The port is bound
 * before `work` starts, so a taken port fails the command (METRICS_LISTEN_FAILED, exit 2) before
 * anything is collected. Without a port, `work` runs without metrics.
 */
export async function withCollectorMetrics<T>(
  options: CollectorMetricsOptions,
  work: (wiring: CollectorMetricsWiring | undefined) => Promise<T>,
): Promise<T> {
  if (options.port === undefined) return work(undefined);
  // Loaded only when metrics are served: prom-client would slow every command's start.
  const { createCollectorMetrics, startMetricsServer } = await import('@oi/metrics');
  let client: BinanceClient | undefined;
  const metrics = createCollectorMetrics({
    clock: options.clock,
    budgets: { snapshot: () => client?.budgets.snapshot() ?? {} },
  });
  const server = await startMetricsServer({
    port: options.port,
    host: options.host,
    metrics,
    onError: (error) => options.logger.warn(`metrics server: ${error.message}`),
  });
  options.logger.info(`serving metrics on ${server.url}/metrics and health on ${server.url}/healthz`);
  try {
    return await work({
      metrics,
      url: server.url,
      useClient: (next) => {
        client = next;
      },
    });
  } finally {
    await server.close();
  }
}
