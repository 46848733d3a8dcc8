import { Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

// Prometheus metrics of one component (BMP, ESO or a DO), served on its
// /metrics. One registry per process: Next.js may load this module more than
// once, so the registry lives on globalThis.

export interface RequestObservation {
  method: string;
  path: string;
  status: number;
  durationMs: number;
}

export interface ComponentMetrics {
  registry: Registry;
  /** Records the response to one API request; the route factory calls it for every request. */
  recordRequest(observation: RequestObservation): void;
  /** Adds a gauge whose values are read when Prometheus scrapes, e.g. orders by state from the database. */
  addGauge<TLabel extends string>(definition: GaugeDefinition<TLabel>): void;
  /** Renders every metric in the Prometheus text format. */
  render(): Promise<Response>;
}

export interface GaugeDefinition<TLabel extends string> {
  name: string;
  help: string;
  labelNames: readonly TLabel[];
  read(): Promise<{ labels: Record<TLabel, string>; value: number }[]>;
}

const globalForMetrics = globalThis as unknown as { copPilotMetrics?: ComponentMetrics };

/** Returns the metrics of this process, creating them with `component` as a default label the first time. */
export function componentMetrics(component: string): ComponentMetrics {
  globalForMetrics.copPilotMetrics ??= createComponentMetrics(component);
  return globalForMetrics.copPilotMetrics;
}

export function createComponentMetrics(component: string): ComponentMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ component });
  collectDefaultMetrics({ register: registry, prefix: "cop_pilot_" });

  const requestDuration = new Histogram({
    name: "cop_pilot_http_request_duration_seconds",
    help: "Time to respond to an API request, by method, route and status",
    labelNames: ["method", "route", "status"] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });

  return {
    registry,
    recordRequest(observation) {
      requestDuration.observe(
        { method: observation.method, route: routeOf(observation.path), status: String(observation.status) },
        observation.durationMs / 1000,
      );
    },
    addGauge(definition) {
      if (registry.getSingleMetric(definition.name)) return;
      new Gauge({
        name: definition.name,
        help: definition.help,
        labelNames: definition.labelNames,
        registers: [registry],
        async collect() {
          this.reset();
          for (const sample of await definition.read()) this.set(sample.labels, sample.value);
        },
      });
    },
    async render() {
      return new Response(await registry.metrics(), { headers: { "Content-Type": registry.contentType } });
    },
  };
}

/**
 * Reduces a request path to its route, so that every id does not become a
 * series of its own: `/tmf-api/serviceOrdering/v4/serviceOrder/42` becomes
 * `/tmf-api/serviceOrdering/v4/serviceOrder/{id}`, and `/api/peers/7/import`
 * becomes `/api/peers/{id}/import`.
 */
export function routeOf(path: string): string {
  const segments = path.split("/").filter(Boolean);
  if (segments[0] === "tmf-api") {
    const resource = segments.slice(0, 4);
    return "/" + (segments.length > 4 ? [...resource, "{id}", ...segments.slice(5)] : resource).join("/");
  }
  if (segments[0] === "api" && segments.length > 2) {
    return "/" + [...segments.slice(0, 2), "{id}", ...segments.slice(3)].join("/");
  }
  return "/" + segments.join("/");
}

/** Counts of one kind of row by state, as a component's database returns them. */
export type StateCounts = { state: string; value: number }[];

/**
 * Adds the gauges every order-processing component has: its orders by state
 * (`name`), and `cop_pilot_order_work_due`, the orders whose next processing
 * step is due. The job queue's own depth is `cop_pilot_job_queue_depth`.
 */
export function addOrderGauges(
  metrics: ComponentMetrics,
  orders: { name: string; help: string; countByState: () => Promise<StateCounts>; countDue: () => Promise<number> },
): void {
  metrics.addGauge(stateGauge(orders.name, orders.help, orders.countByState));
  metrics.addGauge({
    name: "cop_pilot_order_work_due",
    help: "Orders whose next processing step is due",
    labelNames: [],
    read: async () => [{ labels: {}, value: await orders.countDue() }],
  });
}

/** Jobs of one task by status, as the job queue reports them. */
export interface JobQueueDepth {
  task: string;
  waiting: number;
  running: number;
  dead: number;
}

/**
 * Adds `cop_pilot_job_queue_depth`, the jobs of each task of the component's
 * PostgreSQL job queue by status: waiting (including retries scheduled
 * later), running, and dead (attempts used up, kept for an operator).
 */
export function addJobQueueGauge(metrics: ComponentMetrics, readDepth: () => Promise<JobQueueDepth[]>): void {
  metrics.addGauge({
    name: "cop_pilot_job_queue_depth",
    help: "Jobs of the component's job queue by task and status (waiting, running, dead)",
    labelNames: ["task", "status"],
    read: async () =>
      (await readDepth()).flatMap((row) =>
        (["waiting", "running", "dead"] as const).map((status) => ({ labels: { task: row.task, status }, value: row[status] })),
      ),
  });
}

/** Defines a gauge with one series per state, read from `countByState` at each scrape. */
export function stateGauge(name: string, help: string, countByState: () => Promise<StateCounts>): GaugeDefinition<"state"> {
  return {
    name,
    help,
    labelNames: ["state"],
    read: async () => (await countByState()).map((row) => ({ labels: { state: row.state }, value: row.value })),
  };
}

/** A readiness check: resolves when the component can serve, rejects with the reason otherwise. */
export type ReadinessCheck = () => Promise<void>;

/**
 * Runs the checks side by side and responds 200 when all pass, 503 with the
 * failed checks' reasons otherwise, for /readyz. A check that takes longer
 * than `timeoutMs` fails.
 */
export async function readinessResponse(checks: Record<string, ReadinessCheck>, timeoutMs = 5_000): Promise<Response> {
  const results = await Promise.all(
    Object.entries(checks).map(async ([name, check]) => {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
      });
      try {
        await Promise.race([check(), timeout]);
        return [name, "ok"] as const;
      } catch (error) {
        return [name, (error as Error).message] as const;
      } finally {
        clearTimeout(timer);
      }
    }),
  );
  const ready = results.every(([, result]) => result === "ok");
  return Response.json({ status: ready ? "ready" : "not ready", checks: Object.fromEntries(results) }, { status: ready ? 200 : 503 });
}
