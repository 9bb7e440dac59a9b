package dev.tandem.spi;

import dev.tandem.BackfillProgress;

/** Hears the progress of backfills this instance runs. */
public interface BackfillObserver {

    void backfillProgress(BackfillProgress progress);

    BackfillObserver NONE = progress -> { };
}
