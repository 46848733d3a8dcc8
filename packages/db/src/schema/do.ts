// Every table of a Domain Orchestrator's database.
export * from "./auth";
export * from "./catalog";
export * from "./ordering";
export * from "./inventory";
export * from "./resource";
export * from "./party";
export * from "./cluster";
export * from "./order-idempotency";
export * from "./events";
export * from "./data-management";
export * from "./policy";

export * from "./domain-operations";
export * from "./audit";
