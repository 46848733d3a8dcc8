/** What happened to a resource. */
export type ChangeKind = "create" | "attributeValueChange" | "stateChange" | "delete";

/**
 * How an API names the events of one resource. Most APIs name four events
 * (`serviceOrderCreateEvent` …); TMF633 and TMF634 name one `…ChangeEvent`
 * for every change that is not a create or delete.
 */
export interface ResourceEventStyle {
  /** The resource name as it appears in the event payload and in event names, e.g. `serviceOrder`. */
  resourceName: string;
  /** `changeEvent` for catalogue resources of TMF633 and TMF634. */
  changes?: "separate" | "changeEvent";
}

function capitalise(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

/** Returns the `eventType` of a change, e.g. `ServiceOrderStateChangeEvent`. */
export function eventTypeOf(style: ResourceEventStyle, kind: ChangeKind): string {
  const resource = capitalise(style.resourceName);
  if (kind === "create") return `${resource}CreateEvent`;
  if (kind === "delete") return `${resource}DeleteEvent`;
  if (style.changes === "changeEvent") return `${resource}ChangeEvent`;
  return kind === "stateChange" ? `${resource}StateChangeEvent` : `${resource}AttributeValueChangeEvent`;
}

/** Returns the listener path segment of an event type: `ServiceOrderStateChangeEvent` becomes `serviceOrderStateChangeEvent`. */
export function listenerNameOf(eventType: string): string {
  return eventType.charAt(0).toLowerCase() + eventType.slice(1);
}
