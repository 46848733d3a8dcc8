"use client";

import { useActionState, useState } from "react";
import { Alert, Button, FormField, Input, Select } from "@cop-pilot/ui";
import { addPeerAction, type AddPeerFormState } from "../actions";

/** "Add OSS" form: the DO's endpoint, token, location and operating organization. */
export function AddPeerForm({ organizations }: { organizations: { id: string; name: string }[] }) {
  const [state, action, pending] = useActionState<AddPeerFormState, FormData>(addPeerAction, {});
  const values = state.values ?? {};
  const errors = state.fieldErrors ?? {};
  const [organizationId, setOrganizationId] = useState(values.organizationId ?? "");
  const [authentication, setAuthentication] = useState(values.authentication ?? "apiToken");
  return (
    <form action={action} className="flex flex-col gap-6" key={JSON.stringify(values)}>
      <fieldset className="grid gap-4 sm:grid-cols-2">
        <legend className="mb-2 text-sm font-semibold">Domain Orchestrator</legend>
        <FormField label="Name" id="name" required error={errors.name}>
          <Input name="name" defaultValue={values.name} placeholder="Luleå Mining Domain" />
        </FormField>
        <FormField label="Endpoint" id="endpoint" required description="Base URL of the DO, without /tmf-api." error={errors.endpoint}>
          <Input name="endpoint" type="url" defaultValue={values.endpoint} placeholder="http://127.0.0.1:3101" />
        </FormField>
        <FormField label="API dialect" id="dialect" description="OpenSlice speaks an older dialect of TMF633/641; detection probes the DO's replies." error={errors.dialect}>
          <Select name="dialect" defaultValue={values.dialect ?? "auto"}>
            <option value="auto">Detect at peering</option>
            <option value="tmf">TMF v4 (COP-PILOT DO)</option>
            <option value="openslice">OpenSlice</option>
          </Select>
        </FormField>
        <FormField label="Authentication" id="authentication">
          <Select name="authentication" value={authentication} onChange={(event) => setAuthentication(event.target.value)}>
            <option value="apiToken">API token</option>
            <option value="oauth2">OAuth2 password grant (OpenSlice)</option>
          </Select>
        </FormField>
      </fieldset>
      {authentication === "oauth2" ? (
        <fieldset className="grid gap-4 sm:grid-cols-2">
          <legend className="mb-2 text-sm font-semibold">OAuth2 login</legend>
          <FormField label="Token URL" id="tokenUrl" required description="Token endpoint of the DO's OAuth2 server, e.g. Keycloak's …/protocol/openid-connect/token." error={errors.tokenUrl}>
            <Input name="tokenUrl" type="url" defaultValue={values.tokenUrl} placeholder="http://127.0.0.1:8080/auth/realms/openslice/protocol/openid-connect/token" />
          </FormField>
          <FormField label="Client id" id="clientId" required error={errors.clientId}>
            <Input name="clientId" defaultValue={values.clientId ?? "osapiWebClientId"} />
          </FormField>
          <FormField label="Client secret" id="clientSecret" description="Only for a confidential client." error={errors.clientSecret}>
            <Input name="clientSecret" type="password" autoComplete="off" />
          </FormField>
          <FormField label="User name" id="username" required error={errors.username}>
            <Input name="username" defaultValue={values.username} autoComplete="off" />
          </FormField>
          <FormField label="Password" id="password" required description="Stored for renewing tokens and never shown again." error={errors.password}>
            <Input name="password" type="password" autoComplete="off" />
          </FormField>
        </fieldset>
      ) : (
        <fieldset className="grid gap-4 sm:grid-cols-2">
          <legend className="sr-only">API token</legend>
          <FormField label="API token" id="apiToken" required description="Bearer token the ESO presents to the DO. It is stored and never shown again." error={errors.apiToken}>
            <Input name="apiToken" type="password" autoComplete="off" />
          </FormField>
        </fieldset>
      )}
      <fieldset className="grid gap-4 sm:grid-cols-3">
        <legend className="mb-2 text-sm font-semibold">Location on the map</legend>
        <FormField label="Place" id="locationName" required error={errors.locationName}>
          <Input name="locationName" defaultValue={values.locationName} placeholder="Luleå" />
        </FormField>
        <FormField label="Latitude" id="latitude" required description="Degrees, -90 to 90." error={errors.latitude}>
          <Input name="latitude" inputMode="decimal" defaultValue={values.latitude} placeholder="65.5848" />
        </FormField>
        <FormField label="Longitude" id="longitude" required description="Degrees, -180 to 180." error={errors.longitude}>
          <Input name="longitude" inputMode="decimal" defaultValue={values.longitude} placeholder="22.1547" />
        </FormField>
      </fieldset>
      <fieldset className="grid gap-4 sm:grid-cols-2">
        <legend className="mb-2 text-sm font-semibold">Operating organization (TMF632 party)</legend>
        <FormField label="Organization" id="organizationId" error={errors.organizationId}>
          <Select name="organizationId" value={organizationId} onChange={(event) => setOrganizationId(event.target.value)}>
            <option value="">Create a new organization</option>
            {organizations.map((organization) => (
              <option key={organization.id} value={organization.id}>
                {organization.name}
              </option>
            ))}
          </Select>
        </FormField>
        {organizationId === "" ? (
          <>
            <FormField label="New organization name" id="organizationName" required error={errors.organizationName}>
              <Input name="organizationName" defaultValue={values.organizationName} placeholder="Luleå Mining Domain operator" />
            </FormField>
            <FormField label="Organization type" id="organizationType" error={errors.organizationType}>
              <Input name="organizationType" defaultValue={values.organizationType ?? "DomainOrchestratorOperator"} />
            </FormField>
          </>
        ) : null}
      </fieldset>
      {state.error ? <Alert variant="error" title="The DO was not added">{state.error}</Alert> : null}
      <div>
        <Button type="submit" disabled={pending}>
          {pending ? "Checking the DO…" : "Add OSS"}
        </Button>
      </div>
    </form>
  );
}
