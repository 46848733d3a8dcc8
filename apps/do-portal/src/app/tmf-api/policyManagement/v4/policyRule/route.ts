import { withMethodNotAllowed } from "@cop-pilot/tmf-server";
import { policyRuleHandlers } from "@/server/tmf/policy";

// GET  /tmf-api/policyManagement/v4/policyRule – list lifecycle rules; filter with ?serviceSpecification.id=…
// POST /tmf-api/policyManagement/v4/policyRule – attach a rule to a service specification; 422 when its condition does not parse
export const { GET, POST, PATCH, PUT, DELETE } = withMethodNotAllowed(policyRuleHandlers.collection);
