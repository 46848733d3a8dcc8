import { withMethodNotAllowed } from "@cop-pilot/tmf-server";
import { policyRuleHandlers } from "@/server/tmf/policy";

// GET    /tmf-api/policyManagement/v4/policyRule/{id} – retrieve a rule
// PATCH  /tmf-api/policyManagement/v4/policyRule/{id} – change a rule, e.g. {"lifecycleStatus": "Inactive"} to disable it
// DELETE /tmf-api/policyManagement/v4/policyRule/{id} – delete a rule; its recorded firings stay
export const { GET, POST, PATCH, PUT, DELETE } = withMethodNotAllowed(policyRuleHandlers.item);
