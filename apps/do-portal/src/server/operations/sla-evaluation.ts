// Pure SLA arithmetic, kept apart from the database so that it can be unit tested.

export type SlaMetric = "availability" | "latency";

export interface HealthSample {
  healthy: boolean;
  /** Probe latency in milliseconds; null when the probe failed or the driver cannot measure it. */
  probeLatencyMs: number | null;
}

export interface SlaTargets {
  /** Minimum share of healthy samples, in percent. */
  availabilityTargetPercent: number | null;
  /** Maximum 95th percentile of probe latency, in milliseconds. */
  latencyTargetMs: number | null;
}

export interface SlaMeasurement {
  sampleCount: number;
  /** Share of healthy samples, in percent; null without samples. */
  availabilityPercent: number | null;
  /** 95th percentile of the measured probe latencies; null without any. */
  latencyP95Ms: number | null;
  /** Share of samples that met every target: healthy, and within the latency target when there is one. */
  compliancePercent: number | null;
  /** Targets missed over the window; empty without samples, because nothing was measured. */
  breachedMetrics: SlaMetric[];
}

/** Returns the nearest-rank percentile `p` (0–100) of `values`, or null for an empty list. */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((left, right) => left - right);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] as number;
}

function roundTo(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}

/** Measures the samples of one window against the targets. */
export function evaluateSla(samples: readonly HealthSample[], targets: SlaTargets): SlaMeasurement {
  if (samples.length === 0) {
    return { sampleCount: 0, availabilityPercent: null, latencyP95Ms: null, compliancePercent: null, breachedMetrics: [] };
  }

  const healthyCount = samples.filter((sample) => sample.healthy).length;
  const latencies = samples.flatMap((sample) => (sample.probeLatencyMs === null ? [] : [sample.probeLatencyMs]));
  const availabilityPercent = roundTo((healthyCount / samples.length) * 100, 2);
  const latencyP95Ms = percentile(latencies, 95);

  const withinLatency = (sample: HealthSample) =>
    targets.latencyTargetMs === null || sample.probeLatencyMs === null || sample.probeLatencyMs <= targets.latencyTargetMs;
  const compliantCount = samples.filter((sample) => sample.healthy && withinLatency(sample)).length;

  const breachedMetrics: SlaMetric[] = [];
  if (targets.availabilityTargetPercent !== null && availabilityPercent < targets.availabilityTargetPercent) {
    breachedMetrics.push("availability");
  }
  if (targets.latencyTargetMs !== null && latencyP95Ms !== null && latencyP95Ms > targets.latencyTargetMs) {
    breachedMetrics.push("latency");
  }

  return {
    sampleCount: samples.length,
    availabilityPercent,
    latencyP95Ms,
    compliancePercent: roundTo((compliantCount / samples.length) * 100, 2),
    breachedMetrics,
  };
}

/** Returns the measured value of a metric, for recording the worst value of a breach. */
export function measuredValue(measurement: SlaMeasurement, metric: SlaMetric): number | null {
  return metric === "availability" ? measurement.availabilityPercent : measurement.latencyP95Ms;
}

/** Returns whether `candidate` is worse than `current` for the metric: lower availability, or higher latency. */
export function isWorse(metric: SlaMetric, candidate: number, current: number): boolean {
  return metric === "availability" ? candidate < current : candidate > current;
}

/**
 * Compares the breaches open now with the metrics the latest measurement misses: metrics missed and
 * not open start a breach, open ones no longer missed end. A window without samples changes nothing.
 */
export function breachTransitions(open: readonly SlaMetric[], measurement: SlaMeasurement): { start: SlaMetric[]; end: SlaMetric[] } {
  if (measurement.sampleCount === 0) return { start: [], end: [] };
  return {
    start: measurement.breachedMetrics.filter((metric) => !open.includes(metric)),
    end: open.filter((metric) => !measurement.breachedMetrics.includes(metric)),
  };
}
