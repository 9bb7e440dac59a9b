package dev.tandem.mysql.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.spi.Operation;
import dev.tandem.spi.OperationSpec;
import dev.tandem.spi.Phase;
import dev.tandem.spi.Step;
import dev.tandem.spi.StepContext;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Operations as typed lifecycles, and the one adapter that makes them core operations. */
class LifecycleTest {

    /** A check session: only its identity matters here (the model is kept per session). */
    private static StepContext session() {
        return (StepContext) Proxy.newProxyInstance(LifecycleTest.class.getClassLoader(), new Class<?>[] {StepContext.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> null;
                });
    }

    /** A spec with these fields, as a YAML script at line 7 of V3__x.yaml would give them. */
    private static OperationSpec spec(Map<String, String> fields) {
        return (OperationSpec) Proxy.newProxyInstance(LifecycleTest.class.getClassLoader(), new Class<?>[] {OperationSpec.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "script" -> "V3__x.yaml";
                    case "line" -> 7;
                    case "version", "sessionTag" -> "3";
                    case "requireString" -> fields.get((String) args[0]);
                    case "optionalString" -> Optional.ofNullable(fields.get((String) args[0]));
                    case "optionalBoolean" -> Optional.ofNullable(fields.get((String) args[0])).map(Boolean::valueOf);
                    case "allowOnly" -> null;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static Step step(String description, List<String> ran) {
        return Steps.of(description, (context, resumed) -> ran.add(description));
    }

    @Test
    void theLastCheckRecordsTheColumnsForLaterOperationsOnlyOnceItPassed() throws Exception {
        List<String> ran = new ArrayList<>();
        Operation op = new OperationLifecycle(List.of(step("first", ran), step("last", ran)),
                List.of(new SchemaModel.Added("orders", "total")), List.of(), List.of(), List.of(), List.of(), List.of())
                .operation();
        StepContext session = session();
        assertThat(op.checks()).extracting(Step::description).containsExactly("first", "last");
        op.checks().get(0).apply(session, false);
        assertThat(SchemaModel.of(session).added("orders")).as("not during its own checks").isEmpty();
        op.checks().get(1).apply(session, false);
        assertThat(SchemaModel.of(session).added("orders")).containsExactly("total");
        assertThat(SchemaModel.of(session()).added("orders")).as("another session, another migration").isEmpty();
        assertThat(ran).containsExactly("first", "last");
    }

    @Test
    void theBackfillPhaseIsTheTasksThenWhatWaitsForThem() {
        OperationLifecycle lifecycle = new AddColumn().lifecycle(spec(Map.of("table", "orders", "column", "total", "type", "INT",
                "default", "0", "up", "price * qty")));
        assertThat(lifecycle.backfill()).singleElement().satisfies(task -> {
            assertThat(List.of(task.where(), task.version(), task.table(), task.column(), task.expression())).containsExactly(
                    "V3__x.yaml line 7: add_column orders.total", "3", "orders", "total", "price * qty");
            assertThat(task.kind()).as("new code may write the column, or leave it NULL").isEqualTo(BackfillSql.Kind.OPTIONAL);
            assertThat(task.strategy()).as("by the table's size unless the script says").isEqualTo(BackfillStrategy.AUTO);
            assertThat(task.sync().names().insert()).isEqualTo("_tandem_3_orders_total_bi");
            assertThat(task.copyable()).isTrue();
        });
        assertThat(lifecycle.adds()).containsExactly(new SchemaModel.Added("orders", "total"));
        assertThat(lifecycle.operation().steps(Phase.BACKFILL)).extracting(Step::description).containsExactly(
                "V3__x.yaml line 7: add_column orders.total: backfill in chunks",
                "V3__x.yaml line 7: add_column orders.total: give it its default");
        assertThat(lifecycle.operation().steps(Phase.EXPAND)).extracting(Step::sql).first()
                .isEqualTo("ALTER TABLE `orders` ADD COLUMN `total` INT NULL INVISIBLE");
    }

    @Test
    void renameColumnAddsItsNewNameAndAlterColumnAddsNothingLaterOperationsUse() {
        assertThat(new RenameColumn().lifecycle(spec(Map.of("table", "orders", "from", "total", "to", "amount"))).adds())
                .containsExactly(new SchemaModel.Added("orders", "amount"));
        OperationLifecycle alter = new AlterColumn().lifecycle(spec(Map.of("table", "orders", "column", "total", "type", "BIGINT")));
        assertThat(alter.adds()).isEmpty();
        assertThat(alter.backfill()).extracting(BackfillTask::column, BackfillTask::kind)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("_tandem_total", BackfillSql.Kind.SYNCED));
    }

    @Test
    void anOperationThatAddsColumnsMustHaveACheckToRecordThem() {
        assertThatThrownBy(() -> new OperationLifecycle(List.of(), List.of(new SchemaModel.Added("t", "c")), List.of(), List.of(),
                List.of(), List.of(), List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
