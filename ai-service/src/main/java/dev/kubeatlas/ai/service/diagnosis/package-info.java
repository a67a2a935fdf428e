/**
 * The diagnosis core: a {@link dev.kubeatlas.ai.service.diagnosis.ClusterSnapshot} in, root-cause
 * {@link dev.kubeatlas.ai.service.diagnosis.Finding}s out, with no I/O and no LLM.
 *
 * <p>{@link dev.kubeatlas.ai.service.diagnosis.Diagnoser#diagnose} runs every
 * {@link dev.kubeatlas.ai.service.diagnosis.Analyzer} (package {@code analyzers}, one class per family of objects)
 * over the whole snapshot; each names a catalogued code ({@link dev.kubeatlas.ai.service.diagnosis.DiagnosisCode},
 * documented in {@code docs/diagnosis-codes.md}) and one sentence with the concrete values — exit code and message,
 * missing key, port numbers, the scheduler's reason — backed by evidence (field and value, never an object dump).
 * {@link dev.kubeatlas.ai.service.diagnosis.FindingCorrelator} then merges findings that share a cause, rolls pod
 * findings up to their workload, and lets causes absorb the symptoms they explain, so a Deployment whose pods crash
 * is one finding, five pods missing one ConfigMap are one finding on the ConfigMap, and a quota blocking three
 * workloads is one finding on the quota. Finally the scope (cluster, namespace, object and its relatives) filters.
 *
 * <p>Secrets enter the snapshot as names, key names and type only; no value can reach a finding.
 */
package dev.kubeatlas.ai.service.diagnosis;
