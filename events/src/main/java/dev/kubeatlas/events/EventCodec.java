package dev.kubeatlas.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * Reads and writes structured-mode CloudEvents. Readers ignore unknown attributes and data fields, so producers
 * may add optional fields within a version without breaking consumers.
 */
public final class EventCodec {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public static String encode(CloudEvent<?> event) {
        try {
            return MAPPER.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Event " + event.type() + " cannot be written as JSON", e);
        }
    }

    /** The envelope with its data left as a JSON tree: what a consumer reads before it knows the type. */
    public static CloudEvent<JsonNode> decode(String json) {
        CloudEvent<JsonNode> event;
        try {
            JavaType type = MAPPER.getTypeFactory().constructParametricType(CloudEvent.class, JsonNode.class);
            event = MAPPER.readValue(json, type);
        } catch (JsonProcessingException | RuntimeException e) {
            throw new MalformedEventException("Not a CloudEvent: " + firstLine(e.getMessage()), e);
        }
        if (!CloudEvent.SPEC_VERSION.equals(event.specversion())) {
            throw new MalformedEventException("Unsupported specversion '" + event.specversion() + "'");
        }
        return event;
    }

    /** The data of an envelope as the record of its type. */
    public static <T> CloudEvent<T> decode(CloudEvent<JsonNode> envelope, EventType<T> type) {
        if (!type.type().equals(envelope.type())) {
            throw new MalformedEventException("Expected " + type.type() + " but was " + envelope.type());
        }
        if (envelope.data() == null || envelope.data().isNull()) {
            throw new MalformedEventException("Event " + envelope.id() + " of type " + envelope.type() + " has no data");
        }
        try {
            return envelope.withData(MAPPER.treeToValue(envelope.data(), type.dataClass()));
        } catch (JsonProcessingException | RuntimeException e) {
            throw new MalformedEventException("Data of " + envelope.type() + " does not match its schema: "
                    + firstLine(e.getMessage()), e);
        }
    }

    public static <T> CloudEvent<T> decode(String json, EventType<T> type) {
        return decode(decode(json), type);
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    private EventCodec() {
    }
}
