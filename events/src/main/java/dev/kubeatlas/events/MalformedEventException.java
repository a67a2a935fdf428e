package dev.kubeatlas.events;

/** A record that is not a CloudEvent of this contract. Consumers send it to the topic's dead-letter queue. */
public class MalformedEventException extends RuntimeException {
    public MalformedEventException(String message) {
        super(message);
    }

    public MalformedEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
