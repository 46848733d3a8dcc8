import type { CharacteristicField } from "../../catalog/characteristics";
import { normaliseText, splitIdentifier, stem, synonymStems, words } from "./text";

// Reads characteristic values out of a request in plain language: numbers
// with the words or units around them, enumerated values, and switches
// such as "with GPU" or "without the map view". Each number goes to at most
// one characteristic and each characteristic takes at most one value.

export type CharacteristicValue = string | number | boolean;

/** Unit spellings by the unit a characteristic declares, lower-cased. */
const unitAliases: Record<string, string[]> = {
  days: ["day", "days", "d"],
  h: ["h", "hour", "hours", "hr", "hrs"],
  s: ["s", "sec", "secs", "second", "seconds"],
  min: ["min", "mins", "minute", "minutes"],
  ha: ["ha", "hectare", "hectares"],
  kw: ["kw", "kilowatt", "kilowatts"],
  km: ["km", "kilometre", "kilometres", "kilometer", "kilometers"],
  hz: ["hz", "hertz"],
  "%": ["%", "percent", "per cent"],
  "mbit/s": ["mbit", "mbits", "mbps", "megabit", "megabits"],
  "mm/h": ["mm"],
  m: ["m", "metre", "metres", "meter", "meters"],
  "bottles/h": ["bottle", "bottles"],
  "events/min": ["event", "events"],
};

/** Length in seconds of each time unit a user may write, to convert "2 hours" for a characteristic in minutes. */
const secondsPerUnit: Record<string, number> = {
  s: 1,
  sec: 1,
  secs: 1,
  second: 1,
  seconds: 1,
  min: 60,
  mins: 60,
  minute: 60,
  minutes: 60,
  h: 3600,
  hr: 3600,
  hrs: 3600,
  hour: 3600,
  hours: 3600,
  d: 86_400,
  day: 86_400,
  days: 86_400,
  week: 604_800,
  weeks: 604_800,
  month: 2_592_000,
  months: 2_592_000,
  year: 31_536_000,
  years: 31_536_000,
};
const secondsPerDeclaredUnit: Record<string, number> = { s: 1, min: 60, h: 3600, days: 86_400 };

const commonOrderParameters = new Set(["artifactVersion", "orderDuration", "replicas"]);
/** Words of a bound that stand for the "max" or "min" of a characteristic name, as in "at most 16 replicas". */
const boundWords: Record<string, string> = { most: "max", maximum: "max", up: "max", peak: "max", least: "min", minimum: "min" };
const genericNameWords = new Set(["count", "enabled", "number", "value", "type", "mode"]);
const negations = new Set(["no", "not", "without", "disable", "disabled", "off", "dont", "don't", "skip", "none"]);
const numberWords: Record<string, number> = { one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, twelve: 12, twenty: 20, hundred: 100 };

interface Token {
  text: string;
  stem: string;
  number?: number;
  /** Unit written straight after a number, as in "500hz". */
  attachedUnit?: string;
  clause?: number;
}

/** Splits text into clauses at punctuation, so that a word is read with the number of its own clause. */
function tokenize(text: string): Token[] {
  return text
    .replace(/(\d),(\d{3})\b/g, "$1$2")
    .split(/[,;:()]+|\s[-–—]\s/).flatMap((clause, index) => tokenizeClause(clause).map((token) => ({ ...token, clause: index })));
}

function tokenizeClause(text: string): Token[] {
  return words(text).map((word) => {
    const attached = /^(\d+(?:\.\d+)?)([a-z%/]+)$/.exec(word);
    if (attached && !["4g", "5g", "6g"].includes(word)) return { text: word, stem: stem(attached[2]!), number: Number(attached[1]), attachedUnit: attached[2] };
    if (/^\d+(?:\.\d+)?$/.test(word)) return { text: word, stem: word, number: Number(word) };
    if (word in numberWords) return { text: word, stem: word, number: numberWords[word] };
    return { text: word, stem: stem(word) };
  });
}

function keywordsOf(field: CharacteristicField): { name: Set<string>; description: Set<string>; units: Set<string> } {
  const name = new Set(words(splitIdentifier(field.name)).filter((word) => !genericNameWords.has(word)).map(stem));
  const description = new Set(
    words(field.description ?? "")
      .filter((word) => (word.length > 3 && !/^\d/.test(word)) || ["4g", "5g"].includes(word))
      .map(stem),
  );
  const declared = field.unit?.toLowerCase();
  const units = new Set(declared ? (unitAliases[declared] ?? [declared]) : []);
  // A unit in the description ("Number of days …") would otherwise count twice and favour the wrong field.
  for (const unit of Object.values(unitAliases).flat()) description.delete(stem(unit));
  return { name, description, units };
}

/** Converts a number written with a time unit into the characteristic's unit; undefined when either is not a time unit. */
function convertTime(value: number, writtenUnit: string | undefined, field: CharacteristicField): number | undefined {
  const declared = field.unit?.toLowerCase();
  if (!writtenUnit || !declared) return undefined;
  const from = secondsPerUnit[writtenUnit];
  const to = secondsPerDeclaredUnit[declared];
  if (from === undefined || to === undefined) return undefined;
  const converted = (value * from) / to;
  return Number.isInteger(converted) ? converted : undefined;
}

function isNumeric(field: CharacteristicField): boolean {
  return field.valueType === "integer" || field.valueType === "number";
}

const negatedValuePattern = /(?:^|[^a-z0-9])(?:not|no|without|instead of|rather than|except)\s+$/;

/**
 * Finds an enumerated string value written in the text. A longer value wins
 * over one it contains, so "modbus rtu" wins over "modbus". A value right
 * after a negation ("not email", "instead of email") does not count. Of the
 * rest, the first written wins.
 */
function findEnumeratedValue(field: CharacteristicField, normalisedText: string): string | undefined {
  const values = (field.allowedValues ?? []).filter((value): value is string => typeof value === "string");
  const haystack = ` ${normalisedText.replace(/[-_]/g, " ")} `;
  const found: { value: string; start: number; end: number }[] = [];
  for (const value of values) {
    const needle = normaliseText(value).replace(/[-_]/g, " ");
    const escaped = needle.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    for (const match of haystack.matchAll(new RegExp(`(?<=[^a-z0-9])${escaped}(?=[^a-z0-9])`, "g"))) {
      found.push({ value, start: match.index, end: match.index + needle.length });
    }
  }
  const kept = found.filter(
    (candidate) =>
      !found.some((other) => other !== candidate && other.end - other.start > candidate.end - candidate.start && other.start <= candidate.start && other.end >= candidate.end) &&
      !negatedValuePattern.test(haystack.slice(0, candidate.start)),
  );
  return kept.sort((left, right) => left.start - right.start)[0]?.value;
}

interface NumberCandidate {
  tokenIndex: number;
  fieldName: string;
  value: number;
  score: number;
}

function scoreNumber(tokens: Token[], index: number, field: CharacteristicField, keywords: ReturnType<typeof keywordsOf>): NumberCandidate | undefined {
  const token = tokens[index]!;
  let value = token.number!;
  let score = 0;
  const next = tokens[index + 1]?.clause === token.clause ? tokens[index + 1] : undefined;
  const writtenUnit = token.attachedUnit ?? (next && next.number === undefined ? next.text : undefined);

  if (writtenUnit && keywords.units.has(writtenUnit)) score += 3;
  else if (writtenUnit === "khz" && keywords.units.has("hz")) {
    value *= 1000;
    score += 3;
  } else {
    const converted = convertTime(value, writtenUnit, field);
    if (converted !== undefined) {
      value = converted;
      score += 2.5;
    }
  }

  // Words near the number: mostly the noun after it ("32 sensors") or before it ("sensors: 32").
  const nameWordsNearby = new Set<string>();
  for (let offset = -4; offset <= 4; offset += 1) {
    if (offset === 0) continue;
    const neighbour = tokens[index + offset];
    if (!neighbour || neighbour.number !== undefined || neighbour.clause !== token.clause) continue;
    const closeness = offset > 0 ? 1 / offset : 0.8 / -offset;
    const bound = boundWords[neighbour.stem];
    const stems = [neighbour.stem, ...synonymStems(neighbour.stem), ...(bound ? [bound] : [])];
    const nameWord = stems.find((candidate) => keywords.name.has(candidate));
    if (nameWord !== undefined) {
      score += 2 * closeness;
      nameWordsNearby.add(nameWord);
    } else if (stems.some((candidate) => keywords.description.has(candidate))) score += 0.8 * closeness;
  }
  // Every word of the name nearby beats a part of a longer name: "2 replicas" sets replicas, not maxReplicas.
  if (keywords.name.size > 0 && nameWordsNearby.size === keywords.name.size) score += 1;
  // The parameters every order carries lose a tie against the service's own characteristics, except "for 90 days".
  if (commonOrderParameters.has(field.name)) score -= 0.5;
  if (field.name === "orderDuration" && tokens[index - 1]?.text === "for" && writtenUnit && secondsPerUnit[writtenUnit] !== undefined) score += 1;
  if (field.allowedValues && !field.allowedValues.includes(value)) score -= 1.5;
  if (field.valueType === "integer" && !Number.isInteger(value)) score -= 1;
  return score >= 0.8 ? { tokenIndex: index, fieldName: field.name, value, score } : undefined;
}

function findSwitch(field: CharacteristicField, tokens: Token[], keywords: ReturnType<typeof keywordsOf>): boolean | undefined {
  const nameWords = [...keywords.name];
  if (nameWords.length === 0) return undefined;
  const positions = tokens.map((token, index) => (keywords.name.has(token.stem) ? index : -1)).filter((index) => index >= 0);
  const matched = new Set(positions.map((index) => tokens[index]!.stem));
  if (matched.size === 0 || matched.size / nameWords.length < 0.5) return undefined;
  const first = positions[0]!;
  const before = tokens.slice(Math.max(0, first - 3), first).map((token) => token.text);
  return !before.some((word) => negations.has(word));
}

/**
 * Assigns a number written as "120 of them" or "40 in total", which names
 * no noun, to the one count characteristic whose noun occurs anywhere in the
 * request ("garbage bins, 120 of them" sets the container count).
 */
function assignCountsOfThem(tokens: Token[], usedTokens: Set<number>, numericFields: CharacteristicField[], values: Record<string, CharacteristicValue>): void {
  tokens.forEach((token, index) => {
    if (token.number === undefined || usedTokens.has(index) || !Number.isInteger(token.number)) return;
    const following = tokens.slice(index + 1, index + 3).map((next) => next.text).join(" ");
    if (!/^(of them|in total|total|units|pieces)\b/.test(following)) return;
    const mentioned = new Set(tokens.flatMap((other) => [other.stem, ...synonymStems(other.stem)]));
    const counts = numericFields.filter((field) => field.name.endsWith("Count") && !(field.name in values) && [...keywordsOf(field).name].some((word) => mentioned.has(word)));
    if (counts.length !== 1) return;
    values[counts[0]!.name] = token.number;
    usedTokens.add(index);
  });
}

/**
 * Extracts the values of `fields` that `text` states. Values outside a
 * field's limits are kept, so that validation can tell the user what is
 * allowed.
 */
export function extractCharacteristicValues(text: string, fields: readonly CharacteristicField[]): Record<string, CharacteristicValue> {
  const values: Record<string, CharacteristicValue> = {};
  const normalisedText = normaliseText(text);
  const tokens = tokenize(text);

  for (const field of fields) {
    if (field.valueType === "string" && field.allowedValues) {
      const value = findEnumeratedValue(field, normalisedText);
      if (value !== undefined) values[field.name] = value;
    }
  }

  const candidates: NumberCandidate[] = [];
  const numericFields = fields.filter(isNumeric);
  tokens.forEach((token, index) => {
    if (token.number === undefined) return;
    for (const field of numericFields) {
      const candidate = scoreNumber(tokens, index, field, keywordsOf(field));
      if (candidate) candidates.push(candidate);
    }
  });
  const usedTokens = new Set<number>();
  for (const candidate of candidates.sort((left, right) => right.score - left.score)) {
    if (usedTokens.has(candidate.tokenIndex) || candidate.fieldName in values) continue;
    values[candidate.fieldName] = candidate.value;
    usedTokens.add(candidate.tokenIndex);
  }

  assignCountsOfThem(tokens, usedTokens, numericFields, values);

  for (const field of fields) {
    if (field.valueType !== "boolean") continue;
    const value = findSwitch(field, tokens, keywordsOf(field));
    if (value !== undefined) values[field.name] = value;
  }
  return values;
}

export const acceptDefaultAnswers = /^(default|the default|keep( it| the default)?|ok(ay)?|fine|yes|sure|whatever|as is|standard|no preference|don'?t care|doesn'?t matter)[.!]*$/;

/** A reply that keeps every remaining default, such as "defaults for the rest". */
export const allDefaultsPattern = /\b(defaults?|standard)\b.*\b(rest|all|everything|others?)\b|\b(all|rest)\b.*\bdefaults?\b/;

/** The user's reply to a question about one characteristic. */
export type FieldAnswer = { kind: "value"; value: CharacteristicValue } | { kind: "default" } | { kind: "allDefaults" } | { kind: "unclear" };

/** Reads the answer to a question about `field`: a value, "default", "defaults for the rest", or nothing usable. */
export function readFieldAnswer(text: string, field: CharacteristicField): FieldAnswer {
  const normalised = normaliseText(text).trim();
  if (allDefaultsPattern.test(normalised)) return { kind: "allDefaults" };
  // For a yes/no question, "yes" is the value and not an acceptance of the default.
  if (field.valueType === "boolean") {
    if (/^(y|yes|on|true|enable|enabled|with)\b/.test(normalised)) return { kind: "value", value: true };
    if (/^(n|no|off|false|disable|disabled|without|none)\b/.test(normalised)) return { kind: "value", value: false };
  }
  if (acceptDefaultAnswers.test(normalised)) return { kind: "default" };

  const extracted = extractCharacteristicValues(text, [field]);
  if (extracted[field.name] !== undefined) return { kind: "value", value: extracted[field.name]! };

  if (isNumeric(field)) {
    const bare = tokenize(text).find((token) => token.number !== undefined);
    if (bare) {
      const converted = convertTime(bare.number!, bare.attachedUnit ?? undefined, field);
      return { kind: "value", value: converted ?? bare.number! };
    }
  }
  if (field.valueType === "string") {
    const options = (field.allowedValues ?? []).filter((value): value is string => typeof value === "string");
    const partial = options.find((option) => normaliseText(option).startsWith(normalised) && normalised.length >= 2);
    if (partial) return { kind: "value", value: partial };
    if (options.length === 0 && normalised.length > 0 && normalised.length <= 200) return { kind: "value", value: text.trim() };
  }
  return { kind: "unclear" };
}
