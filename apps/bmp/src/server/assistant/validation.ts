import type { Db, Principal } from "@cop-pilot/tmf-server";
import type { PriceView } from "@/lib/prices";
import type { OrderChecksSettings } from "../ordering/feasibility";
import { validateOrderDraft, type OrderProblem } from "../ordering/validation";
import type { ConfigurationCheck, ConfigurationProblem } from "./backend";
import { loadOrderableOffering } from "./offering-loader";
import type { CharacteristicValue } from "./offline/extract";

// The one check the assistant runs on a configuration: when it validates
// values, before it drafts an order, and again when the customer confirms a
// draft. It applies validateOrderDraft, the checks of the order form, the
// cart and the TMF622 POST, to a one-item order of the offering. On top,
// only the characteristics the order form shows may be set.

export interface AssistantCheckOptions {
  now?: Date;
  /** Locks the offering until the transaction ends, as placing the order does. */
  lockOfferings?: boolean;
  /** Overrides the order checks' settings, which come from the environment otherwise. */
  orderChecks?: Partial<OrderChecksSettings>;
}

export interface AssistantConfigurationCheck extends ConfigurationCheck {
  /** The offering as a draft summary shows it; undefined when the caller cannot order it. */
  offering?: { id: string; name: string; prices: PriceView[] };
}

/** Builds the TMF622 create body of a one-item order of the offering with the given values. */
export function orderDraftOf(offeringId: string, values: readonly { name: string; value: unknown }[]) {
  return { productOrderItem: [{ id: "1", action: "add" as const, productOffering: { id: offeringId }, product: { productCharacteristic: values.map(({ name, value }) => ({ name, value })) } }] };
}

const offeringPrefix = /^(?:ProductOffering|Product offering) (?:"[^"]*"|\S+) /;

/**
 * Rewrites an order problem for the chat. A characteristic problem keeps
 * the characteristic's name and a message that continues it ("must be at
 * most 512"). Any other problem is named after its field, such as
 * `productOffering` or `productOrder`, with a full sentence that names the
 * offering as customers see it.
 */
export function toConfigurationProblem(problem: OrderProblem, offeringName: string): ConfigurationProblem {
  if (problem.characteristic !== undefined) {
    const message = problem.rule === "feasibility" ? `is more than the domain can take now: ${problem.message}` : problem.message;
    return { name: problem.characteristic, message, kind: "characteristic" };
  }
  const name = problem.field.split(".").at(-1) ?? problem.field;
  const sentence = offeringPrefix.test(problem.message) ? problem.message.replace(offeringPrefix, `"${offeringName}" `) : problem.message;
  return { name, message: sentence.charAt(0).toUpperCase() + sentence.slice(1), kind: "order" };
}

/**
 * Checks the values a customer gives for an offering with the order form's
 * validation, and lists every value the order would carry that the
 * customer may see. The list is empty when a problem is found.
 */
export async function checkOrderConfiguration(
  db: Db,
  principal: Principal,
  offeringId: string,
  values: Record<string, CharacteristicValue>,
  options: AssistantCheckOptions = {},
): Promise<AssistantConfigurationCheck> {
  const offering = await loadOrderableOffering(db, principal, offeringId);
  if (!offering) return { valid: false, problems: [{ name: "productOffering", message: `The offering ${offeringId} does not exist or cannot be ordered`, kind: "order" }], values: [] };

  const problems: ConfigurationProblem[] = [];
  const given = Object.entries(values).filter(([name]) => {
    if (offering.settable.has(name)) return true;
    problems.push({ name, message: "cannot be set for this offering", kind: "characteristic" });
    return false;
  });
  const validated = await validateOrderDraft(
    db,
    principal,
    orderDraftOf(offeringId, given.map(([name, value]) => ({ name, value }))),
    { now: options.now, lockOfferings: options.lockOfferings, settings: options.orderChecks },
  );
  problems.push(...validated.problems.map((problem) => toConfigurationProblem(problem, offering.name)));

  const summary = { id: offering.id, name: offering.name, prices: offering.prices };
  if (problems.length > 0) return { valid: false, problems, values: [], offering: summary };
  const ordered = validated.items[0]?.product.productCharacteristic ?? [];
  return {
    valid: true,
    problems,
    values: ordered.filter((value) => offering.settable.has(value.name)).map((value) => ({ name: value.name, value: value.value, isDefault: !(value.name in values) })),
    offering: summary,
  };
}
