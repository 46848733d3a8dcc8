import { z } from "zod";
import type { CharacteristicField } from "../../catalog/characteristics";
import { summaryOf, type AssistantBackend, type AssistantCard, type ConfigurationProblem, type DraftSummary, type OfferingDetails } from "../backend";
import { acceptDefaultAnswers, allDefaultsPattern, extractCharacteristicValues, readFieldAnswer, type CharacteristicValue } from "./extract";
import { OfferingRanker, hasContent, minimumContentScore, type RankedOffering } from "./ranker";
import { contentTerms, normaliseText } from "./text";

// The offline assistant: the ordering workflow without a language model.
// It ranks offerings against the request, asks for the missing mandatory
// characteristics one at a time, validates, drafts the order and asks the
// customer to confirm it with the button. Text never places an order.

/**
 * Characteristics every order carries whatever the service. They have
 * sensible defaults, so the assistant takes them when stated but does not
 * ask for them.
 */
const commonOrderParameters = new Set(["artifactVersion", "orderDuration", "replicas"]);

const scalar = z.union([z.string(), z.number(), z.boolean()]);

/** Dialogue state that the offline assistant keeps between turns of one conversation. */
export const dialogueStateSchema = z.object({
  offeringId: z.string().optional(),
  /** Offerings offered for a choice, best first. */
  candidateIds: z.array(z.string()).optional(),
  values: z.record(z.string(), scalar).default({}),
  /** Characteristics for which the customer accepted the default. */
  defaulted: z.array(z.string()).default([]),
  /** The characteristic the last question asked for. */
  asked: z.string().optional(),
  draftId: z.string().optional(),
  /** The request that led to a choice among offerings, whose values still count once the customer chooses. */
  request: z.string().max(4000).optional(),
  lastOrderId: z.string().optional(),
});

export type DialogueState = z.infer<typeof dialogueStateSchema>;

export interface DialogueTurn {
  reply: string;
  cards: AssistantCard[];
  state: DialogueState;
  /** Outcome of a search: an offering chosen, a choice offered, or nothing found. Unset on turns without a search. */
  searchOutcome?: "selected" | "choice" | "none";
}

/** Reads a stored state; anything unreadable starts a fresh dialogue. */
export function parseDialogueState(raw: unknown): DialogueState {
  const parsed = dialogueStateSchema.safeParse(raw ?? {});
  return parsed.success ? parsed.data : dialogueStateSchema.parse({});
}

const resetPattern = /\b(start over|start again|new order|something else|another (product|service|one)|reset|forget (it|that))\b/;
const confirmPattern = /^(yes|yep|yeah|confirm(ed)?|place (it|the order)|go ahead|order it|do it|ok(ay)?,? (order|place) it|buy it)\b/;
const statusPattern =
  /\b(status|progress|where (is|does|are)|how (is|far)|what happened|is it (done|ready|running|deployed)|(done|ready) yet|finished|track (my|the) order|(my|the|this) orders? (is |are )?(done|ready|completed?|finished|running|deployed))\b/;
const changeRequestPattern = /^(?:(?:can|could) you |please |i want |i'?d like )?(?:make (?:it|that|them)|change|switch|set|use|turn)\b/;
const orderIdPattern = /\b[0-9a-f]{8}(?:-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})?\b/;
const ordinalWords: Record<string, number> = { first: 0, "1": 0, one: 0, second: 1, "2": 1, two: 1, third: 2, "3": 2, three: 2 };

/** Returns the characteristics the assistant asks for when the request does not give them: mandatory and specific to the service. */
export function questionFields(fields: readonly CharacteristicField[]): CharacteristicField[] {
  return fields.filter((field) => field.mandatory && !commonOrderParameters.has(field.name));
}

function describeLimits(field: CharacteristicField): string {
  const unit = field.unit ? ` ${field.unit}` : "";
  if (field.allowedValues) return `one of ${field.allowedValues.map((value) => `${value}${unit}`).join(", ")}`;
  if (field.min !== undefined && field.max !== undefined) return `from ${field.min} to ${field.max}${unit}`;
  if (field.valueType === "boolean") return "yes or no";
  return field.valueType === "string" ? "text" : `a ${field.valueType}`;
}

/** Builds the question for one characteristic, with what is allowed and the default. */
export function questionFor(field: CharacteristicField, offeringName: string): string {
  const description = field.description ? `${field.description.replace(/\.$/, "")}` : field.name;
  const fallback = field.defaultValue === undefined ? "" : ` Reply "default" to keep ${field.defaultValue}${field.unit ? ` ${field.unit}` : ""}, or "defaults for the rest".`;
  return `For ${offeringName}: ${description} (${field.name})? Give ${describeLimits(field)}.${fallback}`;
}

function describeValue(value: unknown, field?: CharacteristicField): string {
  const unit = field?.unit && typeof value === "number" ? ` ${field.unit}` : "";
  if (typeof value === "boolean") return value ? "yes" : "no";
  return `${String(value)}${unit}`;
}

/** Runs the offline assistant on the catalogue of one backend. */
export class OfflineAssistant {
  constructor(private readonly backend: AssistantBackend) {}

  /** Answers one user message and returns the next state; the caller stores both. */
  async respond(text: string, previous: DialogueState): Promise<DialogueTurn> {
    const normalised = normaliseText(text).trim();
    let state: DialogueState = { ...previous, values: { ...previous.values }, defaulted: [...previous.defaulted] };

    if (resetPattern.test(normalised)) {
      state = { values: {}, defaulted: [], lastOrderId: state.lastOrderId };
      const rest = normalised.replace(resetPattern, "").trim();
      if (!hasContent(rest)) return { reply: "Fine, let's start again. Describe what you need in your own words.", cards: [], state };
    }

    if (this.isStatusQuestion(normalised, state)) return this.status(normalised, state);

    if (confirmPattern.test(normalised) && !state.asked && !(state.candidateIds && state.candidateIds.length > 0)) {
      const reply = state.draftId
        ? "I cannot place orders from a chat message. Check the summary and press **Confirm order** on it; only that button places the order."
        : "There is no order ready to confirm. Describe what you need, and I will prepare a summary with a **Confirm order** button.";
      return { reply, cards: [], state };
    }

    if (state.candidateIds && state.candidateIds.length > 0) {
      const choice = await this.chooseCandidate(normalised, state.candidateIds);
      if (choice) {
        // A bare ordinal such as "1" names the offering, not a value.
        const request = choice.byOrdinal ? (state.request ?? "") : `${state.request ?? ""} ${text}`;
        return this.select(choice.offering, request, { ...state, candidateIds: undefined, request: undefined, values: {}, defaulted: [] }, false);
      }
      if (allDefaultsPattern.test(normalised) || acceptDefaultAnswers.test(normalised)) return this.takeFirstWithDefaults(state);
    }

    if (state.offeringId && state.asked) {
      const answered = await this.answer(text, state);
      if (answered) return answered;
    }

    if (state.offeringId && state.draftId) {
      const changed = await this.change(text, state);
      if (changed) return changed;
      // "make it sms" on an offering without such a value is a change that cannot be made, not a new request.
      if (changeRequestPattern.test(normalised)) return this.unknownChange(text, state);
    }

    return this.search(text, state);
  }

  private isStatusQuestion(normalised: string, state: DialogueState): boolean {
    if (!statusPattern.test(normalised)) return false;
    return /\border/.test(normalised) || orderIdPattern.test(normalised) || state.lastOrderId !== undefined;
  }

  private async status(normalised: string, state: DialogueState): Promise<DialogueTurn> {
    const mentioned = orderIdPattern.exec(normalised)?.[0];
    const report = await this.backend.orderStatus(mentioned ?? state.lastOrderId);
    if (!report) {
      const reply = mentioned ? `I found no order of yours with the id ${mentioned}.` : "You have no orders yet. Describe what you need and I will help you order it.";
      return { reply, cards: [], state };
    }
    return { reply: report.summary, cards: [{ type: "orderStatus", status: report }], state: { ...state, lastOrderId: report.orderId } };
  }

  private async chooseCandidate(normalised: string, candidateIds: string[]): Promise<{ offering: OfferingDetails; byOrdinal: boolean } | undefined> {
    const candidates = (await Promise.all(candidateIds.map((id) => this.backend.getOffering(id)))).filter((offering): offering is OfferingDetails => Boolean(offering));
    // Only names count here: a description could otherwise steer the choice.
    const ranker = new OfferingRanker(candidates.map((offering) => ({ id: offering.id, name: offering.name, categories: [], characteristics: [] })));
    const [best] = ranker.rank(normalised);
    const byName = best && best.contentScore > 0 ? candidates.find((offering) => offering.id === best.offering.id) : undefined;
    if (byName) return { offering: byName, byOrdinal: false };

    const ordinal = normalised.match(/\b(first|second|third|one|two|three|[123])\b/)?.[1];
    if (ordinal !== undefined && contentTerms(normalised).length <= 2) {
      const id = candidateIds[ordinalWords[ordinal]!];
      const byOrdinal = candidates.find((offering) => offering.id === id);
      if (byOrdinal) return { offering: byOrdinal, byOrdinal: true };
    }
    return undefined;
  }

  /** Takes the first offering of a choice with every value the request did not give at its default, for a customer who wants the defaults. */
  private async takeFirstWithDefaults(state: DialogueState): Promise<DialogueTurn> {
    const offering = await this.backend.getOffering(state.candidateIds![0]!);
    if (!offering) return { reply: "That offering is no longer available. Describe your need again.", cards: [], state: { values: {}, defaulted: [], lastOrderId: state.lastOrderId } };
    const values = extractCharacteristicValues(state.request ?? "", offering.fields);
    const next: DialogueState = {
      ...state,
      offeringId: offering.id,
      values,
      defaulted: offering.fields.map((field) => field.name),
      asked: undefined,
      draftId: undefined,
      candidateIds: undefined,
      request: undefined,
    };
    const intro = `You did not choose one, so I took the first, **${offering.name}**, with the defaults for every value you did not give. Say "start over" to choose again.`;
    return this.proceed(offering, next, intro);
  }

  /** Explains that the drafted offering has no value that the change names, and keeps the draft. */
  private async unknownChange(text: string, state: DialogueState): Promise<DialogueTurn> {
    const offering = await this.backend.getOffering(state.offeringId!);
    const names = offering?.fields.map((field) => field.name).join(", ") ?? "";
    const reply =
      `${offering?.name ?? "This offering"} has no setting that takes "${text.trim()}", so the summary is unchanged.` +
      (names ? ` You can change: ${names}.` : "") +
      ` To order a different product, say "start over".`;
    return { reply, cards: [], state };
  }

  private async search(text: string, state: DialogueState): Promise<DialogueTurn> {
    if (!hasContent(text)) {
      return { reply: "Tell me what you need in your own words, for example \"seismic monitoring for 40 sensors in our mine\".", cards: [], state };
    }
    const ranker = new OfferingRanker(await this.backend.listOfferings());
    const ranked = ranker.rank(text);
    const matching = ranked.filter((candidate) => candidate.contentScore >= minimumContentScore);
    const fresh: DialogueState = { values: {}, defaulted: [], lastOrderId: state.lastOrderId };

    if (matching.length === 0) {
      const near = ranked.slice(0, 3);
      return {
        reply:
          "I found nothing in the catalogue that does this. " +
          (near.length > 0 ? "These are the closest offerings, in case one of them fits; otherwise describe the need differently." : "Describe the need differently, or browse the marketplace."),
        cards: near.length > 0 ? [{ type: "offerings", offerings: near.map((candidate) => summaryOf(candidate.offering)) }] : [],
        state: { ...fresh, candidateIds: near.length > 0 ? near.map((candidate) => candidate.offering.id) : undefined, request: text },
        searchOutcome: "none",
      };
    }

    const [best, second] = matching as [RankedOffering, RankedOffering | undefined];
    if (second && second.score > best.score * 0.85) {
      const close = matching.filter((candidate) => candidate.score > best.score * 0.6).slice(0, 3);
      return {
        reply: `Several offerings fit. Which one do you mean? Reply with its number or name.\n${close.map((candidate, index) => `${index + 1}. ${candidate.offering.name}${candidate.offering.domainName ? ` (${candidate.offering.domainName})` : ""}`).join("\n")}`,
        cards: [{ type: "offerings", offerings: close.map((candidate) => summaryOf(candidate.offering)) }],
        state: { ...fresh, candidateIds: close.map((candidate) => candidate.offering.id), request: text },
        searchOutcome: "choice",
      };
    }

    const offering = await this.backend.getOffering(best.offering.id);
    if (!offering) return { reply: "That offering is no longer available. Describe your need again.", cards: [], state: fresh };
    return { ...(await this.select(offering, text, fresh, true)), searchOutcome: "selected" };
  }

  /** Takes the chosen offering, reads the values the request gives, and asks for the next missing one or drafts the order. */
  private async select(offering: OfferingDetails, text: string, state: DialogueState, recommended: boolean): Promise<DialogueTurn> {
    const values = extractCharacteristicValues(text, offering.fields);
    const next: DialogueState = { ...state, offeringId: offering.id, values: { ...state.values, ...values }, asked: undefined, draftId: undefined, candidateIds: undefined };
    const intro = recommended
      ? `I suggest **${offering.name}**${offering.domainName ? ` from the ${offering.domainName}` : ""}: ${firstSentence(offering.description)}`
      : `You chose **${offering.name}**.`;
    return this.proceed(offering, next, intro);
  }

  private async answer(text: string, state: DialogueState): Promise<DialogueTurn | undefined> {
    const offering = await this.backend.getOffering(state.offeringId!);
    const field = offering?.fields.find((candidate) => candidate.name === state.asked);
    if (!offering || !field) return undefined;

    const answer = readFieldAnswer(text, field);
    if (answer.kind === "unclear") {
      // A new request in the middle of the questions starts a new search.
      const ranker = new OfferingRanker(await this.backend.listOfferings());
      const best = ranker.best(text);
      if (best && best.offering.id !== offering.id && contentTerms(text).length >= 2) return undefined;
      return { reply: `I did not understand that value. ${questionFor(field, offering.name)} Say "start over" to look for something else.`, cards: [], state };
    }
    const next: DialogueState = { ...state, asked: undefined };
    if (answer.kind === "default") next.defaulted = [...state.defaulted, field.name];
    if (answer.kind === "allDefaults") next.defaulted = offering.fields.map((candidate) => candidate.name);
    if (answer.kind === "value") next.values = { ...state.values, [field.name]: answer.value, ...extractCharacteristicValues(text, offering.fields.filter((candidate) => candidate.name !== field.name)) };
    return this.proceed(offering, next, "");
  }

  private async change(text: string, state: DialogueState): Promise<DialogueTurn | undefined> {
    const offering = await this.backend.getOffering(state.offeringId!);
    if (!offering) return undefined;
    const changes = extractCharacteristicValues(text, offering.fields);
    if (Object.keys(changes).length === 0) return undefined;
    const intro = `Changed ${Object.entries(changes).map(([name, value]) => `${name} to ${describeValue(value, offering.fields.find((field) => field.name === name))}`).join(", ")}.`;
    return this.proceed(offering, { ...state, values: { ...state.values, ...changes }, draftId: undefined }, intro);
  }

  /** Validates what is known, then asks for the next missing characteristic or drafts the order. */
  private async proceed(offering: OfferingDetails, state: DialogueState, intro: string): Promise<DialogueTurn> {
    const lines = intro ? [intro] : [];
    const check = await this.backend.validateConfiguration(offering.id, state.values);
    const refusal = orderRefusal(check.problems, lines, state);
    if (refusal) return refusal;
    const values = { ...state.values };
    // A problem on a value not given is a missing value, which the next question asks for.
    for (const problem of check.problems.filter((entry) => values[entry.name] !== undefined)) {
      lines.push(`The value ${describeValue(values[problem.name])} for ${problem.name} is not accepted: it ${problem.message}.`);
      delete values[problem.name];
    }
    const invalid = new Set(check.problems.map((problem) => problem.name));
    const missing = offering.fields.filter(
      (field) => invalid.has(field.name) || (questionFields([field]).length > 0 && values[field.name] === undefined && !state.defaulted.includes(field.name)),
    );
    const next: DialogueState = { ...state, values };

    const [ask] = missing;
    if (ask) {
      lines.push(questionFor(ask, offering.name));
      return { reply: lines.join("\n\n"), cards: [], state: { ...next, asked: ask.name } };
    }
    return this.draft(offering, next, lines);
  }

  private async draft(offering: OfferingDetails, state: DialogueState, lines: string[]): Promise<DialogueTurn> {
    const result = await this.backend.createDraft(offering.id, state.values);
    if (!result.ok) {
      const refusal = orderRefusal(result.problems, lines, state);
      if (refusal) return refusal;
      const [problem] = result.problems;
      const field = offering.fields.find((candidate) => candidate.name === problem?.name);
      lines.push(`The order is not valid yet: ${result.problems.map((entry) => `${entry.name} ${entry.message}`).join("; ")}.`);
      if (field) {
        const { [field.name]: _dropped, ...values } = state.values;
        lines.push(questionFor(field, offering.name));
        return { reply: lines.join("\n\n"), cards: [], state: { ...state, values, asked: field.name } };
      }
      return { reply: lines.join("\n\n"), cards: [], state };
    }
    lines.push(summaryText(result.draft, offering));
    return { reply: lines.join("\n\n"), cards: [{ type: "draft", draft: result.draft }], state: { ...state, asked: undefined, draftId: result.draft.draftId } };
  }
}

/**
 * Builds the turn that explains why the customer cannot order the offering
 * now, such as an offering restricted to other organizations or too many
 * open orders, or returns undefined when every problem is about a value.
 */
function orderRefusal(problems: readonly ConfigurationProblem[], lines: readonly string[], state: DialogueState): DialogueTurn | undefined {
  const refusals = problems.filter((problem) => problem.kind === "order");
  if (refusals.length === 0) return undefined;
  const reply = [...lines, ...refusals.map((problem) => `${problem.message}.`), `Say "start over" to look for something else.`];
  return { reply: reply.join("\n\n"), cards: [], state: { ...state, asked: undefined, draftId: undefined } };
}

function firstSentence(text: string | undefined): string {
  if (!text) return "";
  const end = text.indexOf(". ");
  return end === -1 ? text : text.slice(0, end + 1);
}

/** Writes a draft as the summary the customer confirms. */
export function summaryText(draft: DraftSummary, offering?: OfferingDetails): string {
  const given = draft.characteristics.filter((characteristic) => !characteristic.isDefault);
  const defaults = draft.characteristics.filter((characteristic) => characteristic.isDefault);
  const field = (name: string) => offering?.fields.find((candidate) => candidate.name === name);
  const list = (entries: typeof given) => entries.map((entry) => `${entry.name} ${describeValue(entry.value, field(entry.name))}`).join(", ");
  return [
    `Here is the order for **${draft.offeringName}**.`,
    given.length > 0 ? `Your values: ${list(given)}.` : "",
    defaults.length > 0 ? `Defaults: ${list(defaults)}.` : "",
    "Check it and press **Confirm order** to place it, or tell me what to change.",
  ]
    .filter(Boolean)
    .join(" ");
}
