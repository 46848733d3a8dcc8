// GET /tmf-api/domainOperations/v4/serviceLevelAgreement – list the domain's SLAs with compliance and breaches
export { listSlaHandler as GET } from "@/server/tmf/sla";
