package dev.kubeatlas.events;

/**
 * One event type of the contract: its CloudEvents {@code type}, the topic it is published on and its data record.
 */
public record EventType<T>(String type, String topic, Class<T> dataClass) {

    /** The fixture file under {@code dev/kubeatlas/events/fixtures/} that shows one event of this type. */
    public String fixture() {
        return type + ".json";
    }
}
