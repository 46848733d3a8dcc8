export * from "./expression";
export * from "./rule";
