package dev.tandem.mysql.internal;

import dev.tandem.spi.Operation;
import dev.tandem.spi.Phase;
import dev.tandem.spi.Step;
import java.util.ArrayList;
import java.util.List;

/**
 * One operation's lifecycle, as each operation class builds it from its spec: the checks that validate
 * it against the {@link SchemaModel}, the columns it adds to that model for the operations after it,
 * its expand, its backfill (as tasks, not steps, and what must follow them), its contract and its rollback. {@link #operation()}
 * adapts it to the core {@link Operation}: the same steps, in the same order, whatever the operation.
 *
 * @param validate      read-only checks, run before the migration's expand changes anything
 * @param adds          the columns the expand adds that later operations of the migration may use
 * @param afterBackfill steps of the backfill phase that need the rows backfilled (a default that waits for them)
 */
record OperationLifecycle(List<Step> validate, List<SchemaModel.Added> adds, List<Step> expand,
                          List<BackfillTask> backfill, List<Step> afterBackfill, List<Step> contract, List<Step> rollback) {

    OperationLifecycle {
        validate = List.copyOf(validate);
        adds = List.copyOf(adds);
        expand = List.copyOf(expand);
        backfill = List.copyOf(backfill);
        afterBackfill = List.copyOf(afterBackfill);
        contract = List.copyOf(contract);
        rollback = List.copyOf(rollback);
        if (validate.isEmpty() && !adds.isEmpty()) {
            throw new IllegalArgumentException("An operation that adds columns is validated: its last check records them");
        }
    }

    /** A lifecycle that adds nothing later operations could use and has no step after its backfill. */
    static OperationLifecycle of(List<Step> validate, List<Step> expand, List<BackfillTask> backfill,
                                 List<Step> contract, List<Step> rollback) {
        return new OperationLifecycle(validate, List.of(), expand, backfill, List.of(), contract, rollback);
    }

    /** The core operation: steps per phase, and checks whose last also records {@link #adds} in the schema model. */
    Operation operation() {
        List<Step> backfillSteps = new ArrayList<>();
        backfill.forEach(task -> backfillSteps.addAll(task.steps()));
        backfillSteps.addAll(afterBackfill);
        List<Step> checks = new ArrayList<>(validate);
        if (!adds.isEmpty()) {
            checks.set(checks.size() - 1, recording(checks.get(checks.size() - 1)));
        }
        List<Step> allChecks = List.copyOf(checks);
        List<Step> contractSteps = syncTriggersFiringLast(contract);
        return new Operation() {
            @Override
            public List<Step> steps(Phase phase) {
                return switch (phase) {
                    case EXPAND -> expand;
                    case BACKFILL -> backfillSteps;
                    case CONTRACT -> contractSteps;
                    case ROLLBACK -> rollback;
                };
            }

            @Override
            public List<Step> checks() {
                return allChecks;
            }
        };
    }

    /**
     * {@code steps}, the contract's, whose first refuses to run while a user's trigger fires after one of the
     * backfills' sync triggers and changes what it reads ({@link TriggerOrder}). Within that step, as
     * {@link TriggerReads#refusingFirst} does, so that the contract's steps keep their places.
     */
    private List<Step> syncTriggersFiringLast(List<Step> steps) {
        List<BackfillTask> synced = backfill.stream().filter(task -> task.sync() != null).toList();
        if (steps.isEmpty() || synced.isEmpty()) {
            return steps;
        }
        List<Step> guarded = new ArrayList<>(steps);
        guarded.set(0, steps.get(0).guardedBy(context -> {
            for (BackfillTask task : synced) {
                TriggerOrder.requireSyncTriggersLast(context, task.where(), task.table(), task.sync(), task.column());
            }
        }));
        return List.copyOf(guarded);
    }

    /**
     * {@code last} as it is (description, statement), recording this operation's columns once it passes:
     * after the operation's own checks, which must not see them, and before the next operation's.
     */
    private Step recording(Step last) {
        return last.andThen(context -> SchemaModel.of(context).apply(adds));
    }
}
