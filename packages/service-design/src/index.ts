export * from "./draft";
export * from "./lifecycle";
export * from "./parts";
export * from "./versions";
