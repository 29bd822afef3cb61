import type { SinkKind } from '../sink-url.ts';

/** How tests reach a database server started for them (plain data: it crosses from the global setup). */
export interface TestServerInfo {
  readonly kind: SinkKind;
  readonly port: number;
  /** A superuser for setting tests up and for breaking things on purpose. */
  readonly adminUser: string;
  readonly adminPassword: string;
  /** The user that sink URLs name. */
  readonly user: string;
  readonly password: string;
}
