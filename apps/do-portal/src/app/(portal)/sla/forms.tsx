"use client";

import { useActionState } from "react";
import { Alert, Button, FormField, Input, Select } from "@cop-pilot/ui";
import { createSlaAction, deleteSlaAction, type SlaFormState } from "./actions";

export interface ScopeOption {
  id: string;
  name: string | null;
}

function Outcome({ state }: { state: SlaFormState }) {
  if (state.error) return <Alert variant="error">{state.error}</Alert>;
  if (state.message) return <Alert variant="success">{state.message}</Alert>;
  return null;
}

export function NewSlaForm({ specifications, services }: { specifications: ScopeOption[]; services: ScopeOption[] }) {
  const [state, action, pending] = useActionState<SlaFormState, FormData>(createSlaAction, {});
  return (
    <form action={action} className="flex flex-col gap-4" aria-label="New SLA">
      <div className="grid gap-4 sm:grid-cols-2">
        <FormField label="Name" id="sla-name" required>
          <Input name="name" placeholder="Video analytics availability" />
        </FormField>
        <FormField label="Applies to" description="A specification covers every active service of it." id="sla-scope" required>
          <Select name="scope" defaultValue="">
            <option value="" disabled>
              Choose a specification or service
            </option>
            <optgroup label="Service specifications">
              {specifications.map((specification) => (
                <option key={specification.id} value={`specification:${specification.id}`}>
                  {specification.name ?? specification.id}
                </option>
              ))}
            </optgroup>
            <optgroup label="Services">
              {services.map((service) => (
                <option key={service.id} value={`service:${service.id}`}>
                  {service.name ?? service.id}
                </option>
              ))}
            </optgroup>
          </Select>
        </FormField>
        <FormField label="Availability target (%)" description="Minimum share of healthy samples in the window." id="sla-availability">
          <Input name="availabilityTargetPercent" inputMode="decimal" placeholder="99.5" />
        </FormField>
        <FormField label="Latency target (ms)" description="Maximum 95th percentile of probe latency in the window." id="sla-latency">
          <Input name="latencyTargetMs" inputMode="decimal" placeholder="200" />
        </FormField>
        <FormField label="Window (minutes)" description="From 1 to 1440." id="sla-window">
          <Input name="windowMinutes" inputMode="numeric" defaultValue="60" />
        </FormField>
      </div>
      <Outcome state={state} />
      <Button type="submit" disabled={pending} className="self-start">
        {pending ? "Saving…" : "Save SLA"}
      </Button>
    </form>
  );
}

export function DeleteSlaForm({ slaId, slaName }: { slaId: string; slaName: string }) {
  const [state, action, pending] = useActionState<SlaFormState, FormData>(deleteSlaAction, {});
  return (
    <form action={action} aria-label={`Delete SLA ${slaName}`} className="flex flex-col gap-2">
      <input type="hidden" name="slaId" value={slaId} />
      <Button type="submit" variant="outline" size="sm" disabled={pending}>
        Delete
      </Button>
      <Outcome state={state} />
    </form>
  );
}
