package dev.tandem.mysql.internal;

/**
 * A trigger on an application table as {@code information_schema.triggers} describes it.
 *
 * @param name   the trigger's name
 * @param event  {@code INSERT}, {@code UPDATE} or {@code DELETE}
 * @param timing {@code BEFORE} or {@code AFTER}
 * @param order  its place among the table's triggers of the same event and timing, from 1
 */
record TriggerInfo(String name, String event, String timing, int order) {
}
