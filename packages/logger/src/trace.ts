import { AsyncLocalStorage } from "node:async_hooks";
import { randomBytes } from "node:crypto";

// W3C Trace Context: one trace id follows an order from the portal where it
// is placed through the BMP, the ESO and the DOs, so that the log lines of all
// three layers can be joined. The context travels in the `traceparent` header
// between components and in AsyncLocalStorage within one.

/** The position of the running code in a trace: the trace and the current span. */
export interface TraceContext {
  traceId: string;
  spanId: string;
  /** Trace flags, two hex digits; `01` marks the trace as sampled. */
  flags: string;
}

const storage = new AsyncLocalStorage<TraceContext>();
const traceparentPattern = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/** Parses a `traceparent` header (version 00); undefined when absent or invalid, as the spec requires. */
export function parseTraceparent(header: string | null | undefined): TraceContext | undefined {
  const match = header?.trim().toLowerCase().match(traceparentPattern);
  if (!match) return undefined;
  const [, traceId, spanId, flags] = match as unknown as [string, string, string, string];
  if (/^0+$/.test(traceId) || /^0+$/.test(spanId)) return undefined;
  return { traceId, spanId, flags };
}

export function formatTraceparent(context: TraceContext): string {
  return `00-${context.traceId}-${context.spanId}-${context.flags}`;
}

/** Starts a span: a child of `parent` when there is one, else the root of a new trace. */
export function startSpan(parent?: TraceContext): TraceContext {
  return {
    traceId: parent?.traceId ?? randomBytes(16).toString("hex"),
    spanId: randomBytes(8).toString("hex"),
    flags: parent?.flags ?? "01",
  };
}

/** Runs `work` inside `context`; log lines and outgoing calls made by it carry the trace. */
export function withTrace<T>(context: TraceContext, work: () => T): T {
  return storage.run(context, work);
}

/** Returns the trace context of the running code, if it runs inside one. */
export function currentTrace(): TraceContext | undefined {
  return storage.getStore();
}

/** Returns the `traceparent` to store with work that continues later, starting a trace when none runs. */
export function traceparentForLater(): string {
  return formatTraceparent(currentTrace() ?? startSpan());
}

/** Runs `work` in a new span under the stored `traceparent`, or in a new trace when it is missing. */
export function continueTrace<T>(traceparent: string | null | undefined, work: () => T): T {
  return withTrace(startSpan(parseTraceparent(traceparent)), work);
}
