package dev.kubeatlas.ai.service.diagnosis;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * One diagnosed problem: the object that is the cause, the catalogued root cause with its one-sentence summary,
 * the objects that suffer from it, the facts it rests on and what to do. Its {@code id} is stable across runs: a
 * hash of analyzer, code and object.
 */
@JsonPropertyOrder({"id", "analyzer", "severity", "object", "rootCause", "symptoms", "evidence", "remediation"})
public record Finding(String id, String analyzer, Severity severity, ObjectRef object, RootCause rootCause,
                      List<ObjectRef> symptoms, List<Evidence> evidence, String remediation) {

    public Finding {
        symptoms = List.copyOf(symptoms);
        evidence = List.copyOf(evidence);
    }

    /** A finding of a catalogued code; analyzer and severity come from the catalogue. */
    public static Finding of(DiagnosisCode code, ObjectRef object, String summary, List<ObjectRef> symptoms,
                             List<Evidence> evidence, String remediation) {
        return new Finding(idOf(code.analyzer(), code.code(), object), code.analyzer(), code.severity(), object,
                new RootCause(code.code(), summary), distinct(symptoms, object), evidence, remediation);
    }

    /** The catalogue entry of this finding's code. */
    public DiagnosisCode code() {
        return DiagnosisCode.byCode(rootCause.code());
    }

    /** The same finding moved onto another object (the id follows the object) with a new summary. */
    public Finding movedTo(ObjectRef newObject, String newSummary, List<ObjectRef> newSymptoms, List<Evidence> newEvidence) {
        return new Finding(idOf(analyzer, rootCause.code(), newObject), analyzer, severity, newObject,
                new RootCause(rootCause.code(), newSummary), distinct(newSymptoms, newObject), newEvidence, remediation);
    }

    /** This finding with more symptoms and evidence (duplicates dropped, order kept). */
    public Finding absorbing(List<ObjectRef> moreSymptoms, List<Evidence> moreEvidence) {
        List<ObjectRef> s = new ArrayList<>(symptoms);
        s.addAll(moreSymptoms);
        List<Evidence> e = new ArrayList<>(evidence);
        for (Evidence ev : moreEvidence) {
            if (!e.contains(ev)) {
                e.add(ev);
            }
        }
        return new Finding(id, analyzer, severity, object, rootCause, distinct(s, object), e, remediation);
    }

    /** The object and every symptom. */
    public List<ObjectRef> cited() {
        List<ObjectRef> all = new ArrayList<>(symptoms.size() + 1);
        all.add(object);
        all.addAll(symptoms);
        return all;
    }

    static String idOf(String analyzer, String code, ObjectRef object) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            String key = analyzer + "|" + code + "|" + object.kind() + "|"
                    + (object.namespace() == null ? "" : object.namespace()) + "|" + object.name();
            return HexFormat.of().formatHex(sha.digest(key.getBytes(StandardCharsets.UTF_8))).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<ObjectRef> distinct(List<ObjectRef> refs, ObjectRef object) {
        List<ObjectRef> out = new ArrayList<>();
        for (ObjectRef r : refs) {
            if (!r.equals(object) && !out.contains(r)) {
                out.add(r);
            }
        }
        out.sort(null);
        return out;
    }
}
