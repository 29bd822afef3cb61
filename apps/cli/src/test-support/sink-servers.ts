// The sink package's global setup: one MariaDB and one PostgreSQL server for the *.db.test.ts files.
export { default } from '@oi/sink/test-support/global-setup';
