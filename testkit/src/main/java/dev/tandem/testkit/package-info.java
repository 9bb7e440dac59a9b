/**
 * Tandem's test kit: JUnit 5 tests of an application's own migrations. {@link dev.tandem.testkit.TandemMigrationTest}
 * runs a test once per server with a {@link dev.tandem.testkit.MigrationTestDatabase}, which walks the schema
 * through expand, backfill and contract while {@link dev.tandem.testkit.AppVersion}s run each version's
 * queries (see docs/testing-your-migrations.md). The public types are these four and
 * {@link dev.tandem.testkit.ConnectionWork}; the rest of the package is not API.
 */
package dev.tandem.testkit;
