/**
 * Internal: moving the application's database to another server — the connections a cut-over holds and
 * switches (no compatibility guarantees; may change in any release).
 */
package dev.tandem.internal.move;
