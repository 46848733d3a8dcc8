// Every table of the End-to-end Service Orchestrator's database.
export * from "./auth";
export * from "./catalog";
export * from "./ordering";
export * from "./party";
export * from "./peering";
export * from "./federation";
export * from "./eso-ordering";
export * from "./events";
export * from "./event-listeners";
export * from "./expansion";
export * from "./cluster";
export * from "./audit";
