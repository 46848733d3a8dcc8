export * from "./callback";
export * from "./delivery";
export * from "./envelope";
export * from "./hub";
export * from "./listener";
export * from "./names";
export * from "./outbox";
export * from "./query";
export { startDeliveryJob, type DeliveryJobOptions } from "./delivery-job";
