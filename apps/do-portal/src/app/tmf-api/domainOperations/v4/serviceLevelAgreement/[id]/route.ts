// GET /tmf-api/domainOperations/v4/serviceLevelAgreement/{id} – read one SLA with its compliance and breaches
export { getSlaHandler as GET } from "@/server/tmf/sla";
