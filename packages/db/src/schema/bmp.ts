// Every table of the Business Management Portal's database.
export * from "./auth";
export * from "./product";
export * from "./party";
export * from "./events";
export * from "./event-listeners";
export * from "./assistant";
export * from "./product-inventory";
export * from "./audit";
