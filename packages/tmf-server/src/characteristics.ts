import type { CharacteristicSpecification } from "@cop-pilot/tmf-schemas";

export interface CharacteristicProblem {
  /** Name of the characteristic the problem concerns. */
  name: string;
  message: string;
}

export interface ResolvedCharacteristics {
  /** Every characteristic of the specification that has a value: given, or else its default. */
  values: { name: string; valueType?: string; value: unknown }[];
  problems: CharacteristicProblem[];
}

function defaultValue(spec: CharacteristicSpecification): unknown {
  return spec.characteristicValueSpecification?.find((value) => value.isDefault)?.value;
}

function checkType(spec: CharacteristicSpecification, value: unknown): string | undefined {
  const valueType = (spec.valueType ?? "").toLowerCase();
  if (valueType === "integer" && !(typeof value === "number" && Number.isInteger(value))) return "must be an integer";
  if (valueType === "number" && typeof value !== "number") return "must be a number";
  if (valueType === "boolean" && typeof value !== "boolean") return "must be true or false";
  if (valueType === "string" && typeof value !== "string") return "must be a string";
  return undefined;
}

function checkAllowed(spec: CharacteristicSpecification, value: unknown): string | undefined {
  const values = spec.characteristicValueSpecification ?? [];
  for (const entry of values) {
    if (entry.regex === undefined || typeof value !== "string") continue;
    let pattern: RegExp;
    try {
      pattern = new RegExp(entry.regex);
    } catch {
      // A specification with a broken pattern constrains nothing; it is the designer's error, not the customer's.
      continue;
    }
    if (!pattern.test(value)) return `must match the pattern ${entry.regex}`;
  }
  const ranges = values.filter((entry) => entry.valueFrom !== undefined || entry.valueTo !== undefined);
  for (const range of ranges) {
    if (typeof value !== "number") return "must be a number";
    if (range.valueFrom !== undefined && value < range.valueFrom) return `must be at least ${range.valueFrom}`;
    if (range.valueTo !== undefined && value > range.valueTo) return `must be at most ${range.valueTo}`;
  }
  const enumerated = values.filter((entry) => entry.valueFrom === undefined && entry.valueTo === undefined && entry.value !== undefined);
  // A single value entry is a default, not a list of allowed values.
  if (ranges.length === 0 && enumerated.length > 1 && !enumerated.some((entry) => entry.value === value)) {
    return `must be one of ${enumerated.map((entry) => JSON.stringify(entry.value)).join(", ")}`;
  }
  return undefined;
}

/**
 * Checks the characteristic values of an order item against the
 * specification: unknown names, types, allowed values and ranges, and
 * mandatory characteristics without a value. A characteristic left out takes
 * its default value.
 */
export function resolveCharacteristics(
  specifications: readonly CharacteristicSpecification[],
  given: readonly { name: string; value: unknown; valueType?: string }[],
): ResolvedCharacteristics {
  const problems: CharacteristicProblem[] = [];
  const byName = new Map(specifications.map((spec) => [spec.name, spec]));
  const givenByName = new Map<string, unknown>();

  for (const item of given) {
    const spec = byName.get(item.name);
    if (!spec) problems.push({ name: item.name, message: "is not a characteristic of this specification" });
    else if (givenByName.has(item.name)) problems.push({ name: item.name, message: "is given more than once" });
    else if (item.value === null || item.value === "") problems.push({ name: item.name, message: "must not be empty; leave it out to use the default" });
    else if (item.valueType !== undefined && spec.valueType !== undefined && item.valueType.toLowerCase() !== spec.valueType.toLowerCase()) {
      problems.push({ name: item.name, message: `has valueType ${spec.valueType}, not ${item.valueType}` });
    } else givenByName.set(item.name, item.value);
  }

  const values: ResolvedCharacteristics["values"] = [];
  for (const spec of specifications) {
    const wasGiven = given.some((item) => item.name === spec.name);
    if (wasGiven && !givenByName.has(spec.name)) continue;
    const value = givenByName.has(spec.name) ? givenByName.get(spec.name) : defaultValue(spec);
    if (value === undefined || value === null || value === "") {
      if ((spec.minCardinality ?? 0) > 0) problems.push({ name: spec.name, message: "is mandatory and has no default" });
      continue;
    }
    const problem = checkType(spec, value) ?? checkAllowed(spec, value);
    if (problem) problems.push({ name: spec.name, message: problem });
    else values.push({ name: spec.name, valueType: spec.valueType, value });
  }
  return { values, problems };
}

/** Characteristics that name what is deployed, so an order may not choose them. */
export const identityCharacteristicNames = ["artifactRegistry", "artifactName"] as const;

/**
 * Checks that an add item leaves the identity characteristics as the
 * specification fixes them: a non-configurable one with a default may be
 * left out or repeated, never set to another value. Otherwise an order could
 * deploy any image from any registry under a catalogue entry's name.
 */
export function identityCharacteristicProblems(
  specifications: readonly CharacteristicSpecification[],
  given: readonly { name: string; value: unknown }[],
): CharacteristicProblem[] {
  const problems: CharacteristicProblem[] = [];
  for (const item of given) {
    if (!(identityCharacteristicNames as readonly string[]).includes(item.name)) continue;
    const spec = specifications.find((candidate) => candidate.name === item.name);
    const fixed = spec ? defaultValue(spec) : undefined;
    if (!spec || spec.configurable !== false || fixed === undefined || item.value === fixed) continue;
    problems.push({ name: item.name, message: `is fixed by the specification to ${JSON.stringify(fixed)}, not ${JSON.stringify(item.value)}; leave it out or send that value` });
  }
  return problems;
}

export function describeProblems(problems: readonly CharacteristicProblem[]): string {
  return problems.map((problem) => `${problem.name} ${problem.message}`).join("; ");
}

/**
 * Checks the characteristic changes of a `modify` order item against the
 * specification: every name exists and is configurable, and every value
 * fits. Unlike `resolveCharacteristics`, it returns only the changed
 * characteristics and fills in no defaults.
 */
export function resolveCharacteristicChanges(
  specifications: readonly CharacteristicSpecification[],
  changes: readonly { name: string; value: unknown; valueType?: string }[],
): ResolvedCharacteristics {
  if (changes.length === 0) {
    const problem = { name: "serviceCharacteristic", message: "is empty; a modify item needs at least one characteristic to change" };
    return { values: [], problems: [problem] };
  }
  const problems: CharacteristicProblem[] = [];
  const byName = new Map(specifications.map((spec) => [spec.name, spec]));
  for (const change of changes) {
    const spec = byName.get(change.name);
    if (!spec) problems.push({ name: change.name, message: "is not a characteristic of this specification" });
    else if (spec.configurable === false) problems.push({ name: change.name, message: "is not configurable, so it cannot change after ordering" });
  }
  if (problems.length > 0) return { values: [], problems };
  const names = new Set(changes.map((change) => change.name));
  return resolveCharacteristics(
    specifications.filter((spec) => names.has(spec.name)),
    changes,
  );
}
