package dev.tandem.internal.engine;

import dev.tandem.TandemException;

/**
 * A phase a guard of its steps refused before it began ({@link PhaseRunner}): nothing of it ran, and the
 * migration's record is as it was. Its own type so that autoContract and a contract of all can go past such a
 * refusal, and past nothing else ({@link Contractor}).
 */
final class PhaseRefusedException extends TandemException {

    PhaseRefusedException(String message, Throwable cause) {
        super(message, cause);
    }
}
