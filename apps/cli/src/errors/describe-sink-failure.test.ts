import { MetricsServerError } from '@oi/metrics';
import { OutputExistsError } from '@oi/parquet';
import { SinkSchemaError, SinkUnavailableError } from '@oi/sink';
import { describe, expect, it } from 'vitest';
import { describeFailure } from './describe-failure.ts';

// The exit codes of the sink's, the metrics server's and the Parquet export's errors, by code.

describe('describeFailure: sinks, metrics and Parquet', () => {
  it.each([
    [
      'SinkSchemaError (SINK_SCHEMA_MISMATCH): tables of another shape are configuration',
      new SinkSchemaError('mysql://***:***@db:3306/oi', 'open_interest_5m.open_interest is DOUBLE'),
      2,
    ],
    [
      'SinkUnavailableError (SINK_UNAVAILABLE): a database that does not answer is a runtime failure',
      new SinkUnavailableError('mysql://***:***@db:3306/oi', {
        driverCode: 'ECONNREFUSED',
        driverMessage: 'refused',
      }),
      1,
    ],
    [
      'MetricsServerError (METRICS_LISTEN_FAILED): a taken port is found before collecting',
      new MetricsServerError('METRICS_LISTEN_FAILED', 'cannot serve metrics on 127.0.0.1:9464: EADDRINUSE'),
      2,
    ],
    [
      'OutputExistsError (OUTPUT_EXISTS): a Parquet --out that is taken',
      new OutputExistsError('/tmp/x', 'the folder is not empty'),
      2,
    ],
  ])('%s', (_name, error, code) => {
    const report = describeFailure(error);
    expect(report).toEqual({ code, message: error.message });
  });
});
