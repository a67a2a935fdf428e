package dev.kubeatlas.ai.service.diagnosis;

import java.util.List;

/**
 * Decides, for one family of objects, what is broken in a snapshot and why. Pure: no I/O, no clock, no state;
 * the same snapshot always yields the same findings.
 */
public interface Analyzer {

    List<Finding> analyze(ClusterSnapshot snapshot);
}
