package dev.tandem.spi;

import java.util.List;

/** One declarative operation of a migration, turned into steps per phase. */
public interface Operation {

    /** The steps of {@code phase}, in order; empty when the operation has nothing to do then. */
    List<Step> steps(Phase phase);
}
