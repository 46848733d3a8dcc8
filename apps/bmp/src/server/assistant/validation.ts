import type { ProductSpecCharacteristic } from "../catalog/characteristics";
import { offeringCharacteristicFields, orderFormFields, resolveOfferingCharacteristics, type CharacteristicValueUse } from "../catalog/value-use";
import type { ConfigurationCheck } from "./backend";
import type { CharacteristicValue } from "./offline/extract";

// The one check the assistant runs on a configuration before it drafts an
// order and again before a confirmed draft is placed. It applies the rules
// of the order form: only the characteristics the form shows may be set,
// and each value must satisfy the product specification and the offering's
// value uses. placeProductOrder repeats these checks when the order is placed.
// NOTE: a field-level order validation module is being built for the order
// form; once it exists, this function should call it instead.

export interface OfferingForValidation {
  lifecycleStatus: string;
  characteristics: readonly ProductSpecCharacteristic[];
  valueUses: readonly CharacteristicValueUse[] | undefined;
}

/** Checks the values a customer gives for an offering, and lists every value the order would carry. */
export function checkOfferingConfiguration(offering: OfferingForValidation, values: Record<string, CharacteristicValue>): ConfigurationCheck {
  const problems: ConfigurationCheck["problems"] = [];
  if (offering.lifecycleStatus !== "Launched") problems.push({ name: "productOffering", message: "is not available for ordering" });

  const fields = orderFormFields(offeringCharacteristicFields(offering.characteristics, offering.valueUses));
  const settable = new Set(fields.map((field) => field.name));
  const given = Object.entries(values)
    .filter(([name]) => {
      if (settable.has(name)) return true;
      problems.push({ name, message: "cannot be set for this offering" });
      return false;
    })
    .map(([name, value]) => ({ name, value }));

  const resolved = resolveOfferingCharacteristics(offering.characteristics, offering.valueUses, given);
  problems.push(...resolved.problems);
  return {
    valid: problems.length === 0,
    problems,
    values: resolved.values.filter((value) => settable.has(value.name)).map((value) => ({ name: value.name, value: value.value, isDefault: !(value.name in values) })),
  };
}
