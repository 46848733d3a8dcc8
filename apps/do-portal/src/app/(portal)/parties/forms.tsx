"use client";

import { useActionState, useState } from "react";
import { Alert, Button, Checkbox, FormField, Input, Select } from "@cop-pilot/ui";
import { addPartyAction, setRolesAction, setStateAction, type PartyFormState } from "./actions";

export interface RoleOption {
  value: string;
  label: string;
}

function Outcome({ state }: { state: PartyFormState }) {
  if (state.error) return <Alert variant="error">{state.error}</Alert>;
  if (state.message) return <Alert variant="success">{state.message}</Alert>;
  return null;
}

function RoleChoices({ roles, selected, idPrefix }: { roles: RoleOption[]; selected: readonly string[]; idPrefix: string }) {
  return (
    <fieldset className="flex flex-wrap gap-x-4 gap-y-2">
      <legend className="sr-only">Roles</legend>
      {roles.map((role) => (
        <Checkbox key={role.value} id={`${idPrefix}-${role.value}`} name="roles" value={role.value} defaultChecked={selected.includes(role.value)} label={role.label} />
      ))}
    </fieldset>
  );
}

export function AddPartyForm({ roles }: { roles: RoleOption[] }) {
  const [state, action, pending] = useActionState<PartyFormState, FormData>(addPartyAction, {});
  const [partyType, setPartyType] = useState("Organization");
  return (
    <form action={action} className="flex flex-col gap-4" aria-label="Add party">
      <div className="grid gap-4 sm:grid-cols-2">
        <FormField label="Kind" id="party-type">
          <Select name="partyType" value={partyType} onChange={(event) => setPartyType(event.target.value)}>
            <option value="Organization">Organization</option>
            <option value="Individual">Individual</option>
          </Select>
        </FormField>
        {partyType === "Organization" ? (
          <FormField label="Name" id="party-name" required>
            <Input name="name" placeholder="Luleå Energy AB" />
          </FormField>
        ) : (
          <>
            <FormField label="Given name" id="party-given-name" required>
              <Input name="givenName" />
            </FormField>
            <FormField label="Family name" id="party-family-name" required>
              <Input name="familyName" />
            </FormField>
          </>
        )}
        <FormField label="E-mail" id="party-email">
          <Input name="email" type="email" />
        </FormField>
      </div>
      <RoleChoices roles={roles} selected={[]} idPrefix="new-party" />
      <Outcome state={state} />
      <Button type="submit" disabled={pending} className="self-start">
        {pending ? "Adding…" : "Add party"}
      </Button>
    </form>
  );
}

export function PartyRolesForm({ partyId, partyName, roles, selected }: { partyId: string; partyName: string; roles: RoleOption[]; selected: string[] }) {
  const [state, action, pending] = useActionState<PartyFormState, FormData>(setRolesAction, {});
  return (
    <form action={action} className="flex flex-col gap-2" aria-label={`Roles of ${partyName}`}>
      <input type="hidden" name="partyId" value={partyId} />
      <RoleChoices roles={roles} selected={selected} idPrefix={`roles-${partyId}`} />
      <Button type="submit" variant="outline" size="sm" disabled={pending} className="self-start">
        {pending ? "Saving…" : "Save roles"}
      </Button>
      <Outcome state={state} />
    </form>
  );
}

export function PartyStateForm({ partyId, partyName, state: current }: { partyId: string; partyName: string; state: "active" | "inactive" }) {
  const [state, action, pending] = useActionState<PartyFormState, FormData>(setStateAction, {});
  const next = current === "active" ? "inactive" : "active";
  return (
    <form action={action} className="flex flex-col gap-2" aria-label={`State of ${partyName}`}>
      <input type="hidden" name="partyId" value={partyId} />
      <input type="hidden" name="state" value={next} />
      <Button type="submit" variant={current === "active" ? "outline" : "default"} size="sm" disabled={pending}>
        {current === "active" ? "Deactivate" : "Reactivate"}
      </Button>
      <Outcome state={state} />
    </form>
  );
}
