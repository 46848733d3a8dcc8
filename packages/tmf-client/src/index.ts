export { TmfClient, TmfClientError, type ListResult, type QueryValue, type TmfClientOptions } from "./client";
export { createServiceClient, type ServiceClient } from "./service";
