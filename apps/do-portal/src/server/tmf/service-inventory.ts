import "server-only";
import { serviceCreate, serviceUpdate, tmfApiPaths } from "@cop-pilot/tmf-schemas";
import { createResourceHandlers } from "@cop-pilot/tmf-server";
import { route } from "../auth";
import { db, schema } from "../db";
import { serviceColumns } from "../inventory/services";
import { apiEvents } from "../events";
import { domainOwners, domainStaff } from "./access";

/** TMF638 handlers: the services running in this domain. */
export const serviceInventoryApi = {
  service: createResourceHandlers(route, {
    type: "Service",
    path: `${tmfApiPaths.serviceInventory}/service`,
    table: schema.service,
    db,
    createSchema: serviceCreate,
    updateSchema: serviceUpdate,
    columns: serviceColumns,
    read: domainStaff,
    write: domainOwners,
    onEvent: apiEvents(tmfApiPaths.serviceInventory),
  }),
};
