import { randomUUID } from "node:crypto";
import { z } from "zod";
import { eventTypeOf, type ChangeKind, type ResourceEventStyle } from "./names";

/** The TMF event envelope as the v4 specifications define it (`…Event` definitions). */
export interface EventEnvelope {
  eventId: string;
  eventTime: string;
  eventType: string;
  correlationId: string;
  domain: string;
  title: string;
  description: string;
  priority: string;
  /** Spelled as the TMF specifications spell it. */
  timeOcurred: string;
  event: Record<string, Record<string, unknown>>;
}

export interface EnvelopeInput {
  style: ResourceEventStyle;
  kind: ChangeKind;
  /** The resource after the change, or before a delete. */
  document: Record<string, unknown> & { id: string };
  /** The emitting component, e.g. `do-lulea`. */
  domain: string;
  occurredAt?: Date;
}

const titles: Record<ChangeKind, string> = {
  create: "created",
  attributeValueChange: "changed",
  stateChange: "changed state",
  delete: "deleted",
};

/** Wraps one resource change in the TMF event envelope. */
export function buildEnvelope(input: EnvelopeInput): EventEnvelope {
  const occurredAt = (input.occurredAt ?? new Date()).toISOString();
  const eventType = eventTypeOf(input.style, input.kind);
  const state = stateOf(input.document);
  const subject = `${input.style.resourceName} ${input.document.id}`;
  return {
    eventId: randomUUID(),
    eventTime: occurredAt,
    eventType,
    // The resource id lets a listener group the events of one resource.
    correlationId: input.document.id,
    domain: input.domain,
    title: `${input.style.resourceName} ${titles[input.kind]}`,
    description: input.kind === "stateChange" && state !== undefined ? `${subject} is ${state}` : `${subject} ${titles[input.kind]}`,
    priority: input.kind === "stateChange" ? "high" : "normal",
    timeOcurred: occurredAt,
    event: { [input.style.resourceName]: input.document },
  };
}

const stateAttributes = ["state", "lifecycleStatus", "status", "resourceStatus"];

/** Returns the name of the attribute that holds a TMF resource's state; each API names it differently. */
export function stateAttributeOf(document: Record<string, unknown>): string | undefined {
  return stateAttributes.find((attribute) => typeof document[attribute] === "string");
}

export function stateOf(document: Record<string, unknown>): string | undefined {
  const attribute = stateAttributeOf(document);
  return attribute === undefined ? undefined : (document[attribute] as string);
}

/**
 * The envelope a listener accepts. The resource inside is checked only for an
 * `id`, because a listener uses an event as a hint and reads the resource
 * itself from its source.
 */
export const receivedEventSchema = z.looseObject({
  eventId: z.string().min(1).max(200),
  eventType: z.string().regex(/^[A-Z][A-Za-z]*Event$/, "must be a TMF event type such as ServiceOrderStateChangeEvent"),
  eventTime: z.string().optional(),
  event: z.record(z.string(), z.looseObject({ id: z.string().min(1).max(200) })),
});

export type ReceivedEvent = z.infer<typeof receivedEventSchema>;
