package dev.kubeatlas.bench;

/** A benchmark that could not run or whose check failed: its message is printed, the run exits with 1. */
final class BenchFailure extends RuntimeException {

    BenchFailure(String message) {
        super(message);
    }

    BenchFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
