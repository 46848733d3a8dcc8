import { withMethodNotAllowed } from "@cop-pilot/tmf-server";
import { getSlaHandler } from "@/server/tmf/sla";

// GET /tmf-api/domainOperations/v4/serviceLevelAgreement/{id} – read one SLA with its compliance and breaches
export const { GET, POST, PATCH, PUT, DELETE } = withMethodNotAllowed({ GET: getSlaHandler });
