"use client";

import { useActionState } from "react";
import Link from "next/link";
import type { CharacteristicSpecification } from "@cop-pilot/tmf-schemas";
import { Alert, Button, FormField, Input, Select, type FormFieldControlProps } from "@cop-pilot/ui";
import { describeValues } from "@/components/characteristics-table";
import { changeServiceAction, terminateServiceAction, type ServiceFormState } from "../actions";

/** A configurable characteristic with the value the service runs with. */
export interface EditableCharacteristic {
  specification: CharacteristicSpecification;
  value: unknown;
}

function textOf(value: unknown): string {
  if (value === undefined || value === null) return "";
  return typeof value === "string" ? value : JSON.stringify(value);
}

function Control({ characteristic, control }: { characteristic: EditableCharacteristic; control: FormFieldControlProps }) {
  const { specification, value } = characteristic;
  const name = `characteristic.${specification.name}`;
  const current = textOf(value);
  const entries = specification.characteristicValueSpecification ?? [];
  const enumerated = entries.filter((entry) => entry.valueFrom === undefined && entry.valueTo === undefined && entry.value !== undefined);
  const common = { ...control, name, defaultValue: current };
  if (specification.valueType === "boolean" || enumerated.length > 1) {
    const options = specification.valueType === "boolean" ? ["true", "false"] : enumerated.map((entry) => textOf(entry.value));
    return (
      <Select {...common}>
        {options.includes(current) ? null : <option value={current}>{current}</option>}
        {options.map((option) => (
          <option key={option} value={option}>
            {option}
          </option>
        ))}
      </Select>
    );
  }
  const numeric = specification.valueType === "integer" || specification.valueType === "number";
  // No min/max/step on the input: the ESO checks the range and names the field, as it does for API callers.
  return <Input {...common} type="text" inputMode={numeric ? "decimal" : "text"} />;
}

function SentNotice({ state, verb }: { state: ServiceFormState; verb: string }) {
  if (!state.serviceOrderId) return null;
  return (
    <Alert variant="success">
      {verb} sent as service order{" "}
      <Link href={`/orders/${state.serviceOrderId}`} className="font-mono underline">
        {state.serviceOrderId}
      </Link>
      ; the values below change once the domain has rolled it out.
    </Alert>
  );
}

/** Form that changes the configurable characteristics of one running service. */
export function ChangeServiceForm({ serviceId, characteristics, disabled }: { serviceId: string; characteristics: EditableCharacteristic[]; disabled: boolean }) {
  const [state, action, pending] = useActionState<ServiceFormState, FormData>(changeServiceAction, {});
  const fieldErrors = state.fieldErrors ?? {};
  return (
    <form action={action} className="flex flex-col gap-4" aria-label="Change configuration">
      <input type="hidden" name="serviceId" value={serviceId} />
      <div className="grid gap-4 sm:grid-cols-2">
        {characteristics.map((characteristic) => {
          const { allowed } = describeValues(characteristic.specification);
          return (
            <FormField
              key={characteristic.specification.name}
              id={`characteristic-${characteristic.specification.name}`}
              label={characteristic.specification.name}
              description={`Allowed: ${allowed}`}
              error={fieldErrors[characteristic.specification.name]}
            >
              {(control) => <Control characteristic={characteristic} control={control} />}
            </FormField>
          );
        })}
      </div>
      {state.error ? <Alert variant="error">{state.error}</Alert> : null}
      <SentNotice state={state} verb="Change" />
      <div>
        <Button type="submit" disabled={pending || disabled}>
          {pending ? "Sending change…" : "Apply change"}
        </Button>
      </div>
    </form>
  );
}

/** Button that terminates the service after the user confirms. */
export function TerminateServiceForm({ serviceId, serviceName, disabled }: { serviceId: string; serviceName: string; disabled: boolean }) {
  const [state, action, pending] = useActionState<ServiceFormState, FormData>(terminateServiceAction, {});
  return (
    <form
      action={action}
      className="flex flex-col gap-3"
      onSubmit={(event) => {
        if (!window.confirm(`Terminate ${serviceName}? Its deployment is removed from the domain's cluster.`)) event.preventDefault();
      }}
    >
      <input type="hidden" name="serviceId" value={serviceId} />
      {state.error ? <Alert variant="error">{state.error}</Alert> : null}
      <SentNotice state={state} verb="Termination" />
      <div>
        <Button type="submit" variant="destructive" disabled={pending || disabled}>
          {pending ? "Terminating…" : "Terminate service"}
        </Button>
      </div>
    </form>
  );
}
