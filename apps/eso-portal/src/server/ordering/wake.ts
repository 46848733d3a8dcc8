// Wakes the order processor when a DO reports a change, instead of waiting
// for the next poll. Held per process: a wake that reaches another ESO
// process is picked up there by the fallback poll.

const globalForWake = globalThis as unknown as {
  esoOrderWakes?: Map<string, number>;
  esoOrderProcessorWake?: () => void;
};

const wakes = (globalForWake.esoOrderWakes ??= new Map<string, number>());

/** Entries older than this are dropped; a processor pass takes far less. */
const WAKE_MEMORY_MS = 10 * 60_000;

/** Records that these orders have news and runs a processor pass soon. */
export function wakeOrders(serviceOrderIds: readonly string[]): void {
  const now = Date.now();
  for (const id of serviceOrderIds) wakes.set(id, now);
  for (const [id, at] of wakes) if (at < now - WAKE_MEMORY_MS) wakes.delete(id);
  if (serviceOrderIds.length > 0) globalForWake.esoOrderProcessorWake?.();
}

/**
 * Tells whether a wake for the order arrived at or after `since`. The
 * processor calls this after it handled an order, because a change the DO
 * reported while the order was being read may be missing from what it read.
 */
export function wokenSince(serviceOrderId: string, since: number): boolean {
  return (wakes.get(serviceOrderId) ?? -Infinity) >= since;
}

/** Sets what `wakeOrders` calls to start a processor pass. */
export function setOrderProcessorWake(wake: () => void): void {
  globalForWake.esoOrderProcessorWake = wake;
}
