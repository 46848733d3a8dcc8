// Every table of the Business Management Portal's database.
export * from "./auth";
export * from "./product";
export * from "./party";
export * from "./product-inventory";
