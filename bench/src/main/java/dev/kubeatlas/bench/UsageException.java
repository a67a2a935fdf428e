package dev.kubeatlas.bench;

/** Arguments the benchmarks do not take: the usage is printed, the run exits with 2. */
final class UsageException extends RuntimeException {

    UsageException(String message) {
        super(message);
    }
}
