import { customerOutcome } from "../ordering/customer-view";
import type { OrderProgress } from "../ordering/queries";
import type { OrderStatusReport } from "./backend";

// Order status in plain words, from the customer's view of an order: its
// state, its history and whether the BMP is retrying the ESO.

function characteristicValue(progress: OrderProgress, name: string): unknown {
  for (const item of progress.order.productOrderItem) {
    const found = item.product.productCharacteristic?.find((characteristic) => characteristic.name === name);
    if (found) return found.value;
  }
  return undefined;
}

/** Explains where an order stands: what is done, what runs now, what comes next, and what a failure means. */
export function explainOrderProgress(progress: OrderProgress): OrderStatusReport {
  const { order, history } = progress;
  const products = order.productOrderItem.map((item) => item.productOffering.name ?? item.productOffering.id).join(", ");
  const reached = new Set(history.map((entry) => entry.state));
  const done: string[] = ["The BMP received and stored your order."];
  let running: string | undefined;
  let next: string | undefined;
  let failure: string | undefined;

  if (order.serviceOrder || reached.has("inProgress")) done.push("The service orchestrator accepted it and passed it to the domain that provides the service.");

  const duration = characteristicValue(progress, "orderDuration");
  const runsFor = typeof duration === "number" ? ` It runs for ${duration} days from now, then the domain stops it.` : "";

  switch (order.state) {
    case "acknowledged":
      running = progress.retry.failing
        ? "The BMP cannot reach the service orchestrator at the moment and keeps retrying by itself; your order is kept."
        : "The BMP is handing the order to the service orchestrator.";
      next = "The domain deploys the service on its cluster, and the order becomes completed.";
      break;
    case "inProgress":
      running = "The domain is deploying the service on its cluster.";
      next = "When the deployment is available, the order becomes completed; nothing is needed from you.";
      break;
    case "pending":
    case "held":
      running = "The order is waiting before it can be deployed.";
      next = "It continues by itself; if it waits long, contact the business administrators with the order id.";
      break;
    case "assessingCancellation":
    case "pendingCancellation":
      running = "Your cancellation request is being processed; services already deployed for the order are removed.";
      next = "The order becomes cancelled, or continues if it can no longer be cancelled.";
      break;
    case "completed":
      done.push(`The service is deployed and running.${runsFor}`);
      next = "Nothing; you can order another product at any time.";
      break;
    case "cancelled":
      done.push("The order was cancelled and nothing of it keeps running.");
      break;
    case "partial":
    case "failed":
    case "rejected": {
      const outcome = customerOutcome(order);
      failure = outcome ? `${outcome.title}. ${outcome.reason}` : "The order did not complete.";
      break;
    }
    default:
      running = `The order is in state "${order.state}".`;
  }

  const summary = [
    `Your order ${order.id.slice(0, 8)} for ${products} is ${plainState(order.state)}.`,
    ...done.map((line) => `Done: ${line}`),
    ...(running ? [`Now: ${running}`] : []),
    ...(next ? [`Next: ${next}`] : []),
    ...(failure ? [`What this means: ${failure}`] : []),
  ].join("\n");

  return { orderId: order.id, products, state: order.state, summary, done, running, next, failure, history: progress.history };
}

function plainState(state: string): string {
  const words: Record<string, string> = {
    acknowledged: "received",
    inProgress: "in progress",
    completed: "completed",
    failed: "failed",
    rejected: "rejected",
    partial: "partly completed",
    cancelled: "cancelled",
    pending: "pending",
    held: "on hold",
    assessingCancellation: "being cancelled",
    pendingCancellation: "being cancelled",
  };
  return words[state] ?? state;
}
