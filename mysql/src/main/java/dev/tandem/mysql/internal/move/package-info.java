/**
 * Internal: the server-side building blocks of moving a live database to another server (no compatibility
 * guarantees; may change in any release): checks of a source and a target before a move
 * ({@link dev.tandem.mysql.internal.move.MoveServerCheck}), a copy of a database from one consistent snapshot
 * ({@link dev.tandem.mysql.internal.move.SnapshotCopy}), the servers' own replication between them
 * ({@link dev.tandem.mysql.internal.move.Replication}), and making a server read-only for the application
 * ({@link dev.tandem.mysql.internal.move.ReadOnlySwitch}). Every MySQL/MariaDB fact of a move lives here; the
 * orchestration (the move's state, the fleet's cut-over) calls these. See docs/move.md, "How it works on the servers".
 */
package dev.tandem.mysql.internal.move;
