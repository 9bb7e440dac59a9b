package dev.tandem.mysql.internal.move;

import java.util.List;

/**
 * What a finished copy left on the target.
 *
 * @param snapshots       the snapshots its tables come from, oldest first: one for a copy that ran through,
 *                        more when it was resumed (see {@link Replication#start(SourceAddress, List, String, java.time.Duration)})
 * @param rowsCopied      the rows this run copied (not those of tables an earlier run finished)
 * @param scannedWithoutKey tables copied by a full scan, having no primary key and no unique key over NOT NULL
 *                        columns (replication then finds their rows by the whole row image)
 * @param notCopied       what the copy does not take yet, e.g. {@code view v_orders}, {@code trigger t_audit},
 *                        {@code procedure p_close}, {@code event e_purge}: create them on the target by hand
 */
public record CopyResult(List<CopiedSnapshot> snapshots, long rowsCopied, List<String> scannedWithoutKey,
                         List<String> notCopied) {

    public CopyResult {
        snapshots = List.copyOf(snapshots);
        scannedWithoutKey = List.copyOf(scannedWithoutKey);
        notCopied = List.copyOf(notCopied);
    }

    /** The oldest snapshot's position: where replication starts. */
    public BinlogPosition startPosition() {
        return snapshots.get(0).position();
    }
}
