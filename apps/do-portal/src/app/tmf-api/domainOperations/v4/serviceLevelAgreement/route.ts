import { withMethodNotAllowed } from "@cop-pilot/tmf-server";
import { listSlaHandler } from "@/server/tmf/sla";

// GET /tmf-api/domainOperations/v4/serviceLevelAgreement – list the domain's SLAs with compliance and breaches
export const { GET, POST, PATCH, PUT, DELETE } = withMethodNotAllowed({ GET: listSlaHandler });
