import { eq } from "drizzle-orm";
import { z } from "zod";
import { specificationKind } from "@cop-pilot/service-design";
import { characteristicSpecification, serviceOrderCreate, type CharacteristicSpecification } from "@cop-pilot/tmf-schemas";
import { resolveCharacteristicChanges, TmfError, type Principal } from "@cop-pilot/tmf-server";
import { schema, type EsoDb } from "../db";
import { placeServiceOrder } from "../ordering/place-order";
import { parseInput } from "../validation";
import { loadServiceDetail, type ServiceDetail } from "./inventory";

// Reconfiguration and termination of one service from "My services". Both
// place an ordinary TMF641 order at the ESO (a modify item or a delete item),
// so they take the same checks and the same delegation to the hosting DO as
// an order sent to the ESO's API.

/** A characteristic of the service's specification with the value the service has now. */
export interface ServiceCharacteristicView {
  specification: CharacteristicSpecification;
  value: unknown;
  configurable: boolean;
}

export interface ServiceConfiguration extends ServiceDetail {
  characteristics: ServiceCharacteristicView[];
  /** True when the service was ordered from a customer-facing specification, which the hosting DO realises with resource-facing parts. */
  customerFacing: boolean;
}

/** Outcome of a change request: the order placed, or why nothing was sent. */
export type ServiceChangeResult = { serviceOrderId: string } | { error: string; fieldErrors: Record<string, string> };

const storedCharacteristics = z.array(characteristicSpecification);

/** Form values keyed by characteristic name, as the portal submits them. */
export const characteristicFormValues = z.record(z.string().min(1).max(200), z.string().max(2000));

async function loadOrderedSpecification(db: EsoDb, detail: ServiceDetail): Promise<{ characteristics: CharacteristicSpecification[]; customerFacing: boolean }> {
  const [row] = await db
    .select({ document: schema.serviceSpecification.document })
    .from(schema.serviceSpecification)
    .where(eq(schema.serviceSpecification.id, detail.service.specification.id))
    .limit(1);
  if (!row) throw new TmfError("unprocessable", `Specification ${detail.service.specification.id} of service ${detail.service.id} is no longer in the marketplace`);
  return { characteristics: storedCharacteristics.parse(row.document.specCharacteristic ?? []), customerFacing: specificationKind(row.document) === "customerFacing" };
}

/** Returns why a customer-facing service takes no modify order. The hosting DO rejects such an order (422) for the same reason. */
export function customerFacingChangeMessage(service: ServiceDetail["service"]): string {
  return `Customer-facing service "${service.name}" (${service.id}) cannot be changed as a whole; ${service.domains.join(", ")} realises it with resource-facing parts, so change those parts through the domain's TMF641 API, or terminate the service and order it again with the new values`;
}

/** Loads a service with its characteristics, each with the current value and whether it may change after ordering. */
export async function loadServiceConfiguration(db: EsoDb, principal: Principal, serviceId: string): Promise<ServiceConfiguration> {
  const detail = await loadServiceDetail(db, principal, serviceId);
  const { characteristics, customerFacing } = await loadOrderedSpecification(db, detail);
  const values = new Map(detail.service.characteristics.map((characteristic) => [characteristic.name, characteristic.value]));
  return {
    ...detail,
    customerFacing,
    characteristics: characteristics.map((specification) => ({
      specification,
      value: values.get(specification.name),
      configurable: specification.configurable !== false,
    })),
  };
}

/** Reads a form value as the characteristic's value type; a value that does not parse stays text, for the checks to reject with the reason. */
export function readFormValue(raw: string, valueType: string | undefined): unknown {
  const type = (valueType ?? "").toLowerCase();
  const text = raw.trim();
  if ((type === "integer" || type === "number") && text !== "" && !Number.isNaN(Number(text))) return Number(text);
  if (type === "boolean" && (text === "true" || text === "false")) return text === "true";
  return text;
}

/** Returns the submitted values that differ from the service's current ones; names outside the specification are kept, for the checks to reject. */
export function changedValues(characteristics: readonly ServiceCharacteristicView[], submitted: Record<string, string>): { name: string; value: unknown }[] {
  const byName = new Map(characteristics.map((characteristic) => [characteristic.specification.name, characteristic]));
  const changes: { name: string; value: unknown }[] = [];
  for (const [name, raw] of Object.entries(submitted)) {
    const characteristic = byName.get(name);
    const value = readFormValue(raw, characteristic?.specification.valueType);
    if (characteristic && JSON.stringify(value) === JSON.stringify(characteristic.value)) continue;
    changes.push({ name, value });
  }
  return changes;
}

function assertChangeable(configuration: ServiceConfiguration): void {
  const { service } = configuration;
  if (service.state === "terminated") throw new TmfError("unprocessable", `Service ${service.id} is terminated and can no longer change`);
  if (service.pendingChange) {
    throw new TmfError(
      "conflict",
      `Service ${service.id} is being changed by service order ${service.pendingChange.serviceOrderId} (${service.pendingChange.state}); wait until that order ends`,
    );
  }
}

function failure(error: unknown): ServiceChangeResult {
  if (error instanceof TmfError) return { error: error.message, fieldErrors: {} };
  throw error;
}

/**
 * Checks the submitted values against the specification version the service
 * was ordered with, then places a modify order for those that changed. A
 * value that is not configurable or not allowed comes back as an error on
 * its field, and no order is placed.
 */
export async function requestServiceChange(db: EsoDb, principal: Principal, baseUrl: string, serviceId: string, submitted: Record<string, string>): Promise<ServiceChangeResult> {
  try {
    const values = parseInput(characteristicFormValues, submitted);
    const configuration = await loadServiceConfiguration(db, principal, serviceId);
    assertChangeable(configuration);
    if (configuration.customerFacing) return { error: customerFacingChangeMessage(configuration.service), fieldErrors: {} };
    const changes = changedValues(configuration.characteristics, values);
    if (changes.length === 0) return { error: "No characteristic changed; edit a value before applying", fieldErrors: {} };

    const checked = resolveCharacteristicChanges(
      configuration.characteristics.map((characteristic) => characteristic.specification),
      changes,
    );
    if (checked.problems.length > 0) {
      const fieldErrors = Object.fromEntries(checked.problems.map((problem) => [problem.name, `${problem.name} ${problem.message}`]));
      return { error: "The change was not sent, because some values are not allowed", fieldErrors };
    }

    const input = parseInput(serviceOrderCreate, {
      description: `Reconfiguration of service ${serviceId} from My services`,
      serviceOrderItem: [{ id: "1", action: "modify", service: { id: serviceId, serviceCharacteristic: checked.values.map(({ name, value }) => ({ name, value })) } }],
    });
    const { order } = await placeServiceOrder(db, input, { principal, baseUrl });
    return { serviceOrderId: order.id };
  } catch (error) {
    return failure(error);
  }
}

/** Places a delete order for the service; the hosting DO removes its deployment and marks it terminated. */
export async function requestServiceTermination(db: EsoDb, principal: Principal, baseUrl: string, serviceId: string): Promise<ServiceChangeResult> {
  try {
    const configuration = await loadServiceConfiguration(db, principal, serviceId);
    assertChangeable(configuration);
    const input = parseInput(serviceOrderCreate, {
      description: `Termination of service ${serviceId} from My services`,
      serviceOrderItem: [{ id: "1", action: "delete", service: { id: serviceId } }],
    });
    const { order } = await placeServiceOrder(db, input, { principal, baseUrl });
    return { serviceOrderId: order.id };
  } catch (error) {
    return failure(error);
  }
}
