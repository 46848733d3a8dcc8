export * from "./driver";
export { FabricError, type FabricErrorCode } from "./errors";
export { enrollmentClaimsSchema, readEnrollmentClaims, type EnrollmentClaims } from "./jwt";
export * from "./simulated";
export { createZitiFabric, managementApiPath, toFabricIdentity, zitiFabricOptionsSchema, type ZitiFabricOptions } from "./ziti";
