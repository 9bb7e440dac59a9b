package dev.tandem.examples.rollout;

import dev.tandem.examples.accounts.Account;
import dev.tandem.examples.accounts.Accounts;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The final check of a run: every acknowledged write in the ledger against the table, read through one
 * version's code, and every row of the table accounted for. {@code checked} counts each live account's last
 * write and each delete ({@code deletes}); {@code lost} counts accounts missing from the table and deleted
 * ones still in it; {@code mismatched} rows that hold something else than the last acknowledged write;
 * {@code unacknowledged} rows no acknowledged write made.
 */
public record WriteCheck(long checked, long deletes, long lost, long mismatched, long unacknowledged,
                         List<String> examples) {

    private static final int EXAMPLES = 5;

    public WriteCheck {
        examples = List.copyOf(examples);
    }

    /** Reads the whole table through {@code accounts} and compares it with {@code ledger}. */
    static WriteCheck of(Accounts accounts, Ledger ledger) throws SQLException {
        long[] mismatched = {0};
        long[] unacknowledged = {0};
        long[] lostDeletes = {0};
        List<String> examples = new ArrayList<>();
        Set<Long> seen = new HashSet<>();
        accounts.readAll((id, actual) -> {
            seen.add(id);
            Account expected = ledger.get(id);
            if (expected == null && ledger.isDeleted(id)) {
                lostDeletes[0]++;
                note(examples, "account " + id + " was deleted (acknowledged) but the table has [" + actual + "]");
            } else if (expected == null) {
                unacknowledged[0]++;
                note(examples, "row " + id + " [" + actual + "] matches no acknowledged write");
            } else if (!accounts.view(expected).equals(actual)) {
                mismatched[0]++;
                note(examples, "account " + id + ": acknowledged [" + accounts.view(expected) + "], table has [" + actual + "]");
            }
        });
        long lost = lostDeletes[0];
        for (Long id : ledger.all().keySet()) {
            if (!seen.contains(id)) {
                lost++;
                note(examples, "account " + id + " was acknowledged but is not in the table");
            }
        }
        return new WriteCheck(ledger.all().size() + ledger.deletedCount(), ledger.deletedCount(), lost, mismatched[0],
                unacknowledged[0], examples);
    }

    /** Nothing lost, mismatched or unaccounted for. */
    public boolean clean() {
        return lost == 0 && mismatched == 0 && unacknowledged == 0;
    }

    /** The report's lines, each indented by two spaces, the first examples of what is wrong under them. */
    String render(String against) {
        StringBuilder out = new StringBuilder(String.format("  final check of %d acknowledged writes (%d of them deletes)"
                + " against %s: %d lost, %d mismatched, %d rows nobody acknowledged%n", checked, deletes, against, lost,
                mismatched, unacknowledged));
        examples.forEach(e -> out.append("    ! ").append(e).append('\n'));
        return out.toString();
    }

    private static void note(List<String> examples, String example) {
        if (examples.size() < EXAMPLES) {
            examples.add(example);
        }
    }
}
