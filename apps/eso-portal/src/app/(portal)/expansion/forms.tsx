"use client";

import { useActionState, useState } from "react";
import { Alert, Button, FormField, Input, Select, Textarea } from "@cop-pilot/ui";
import {
  addFabricNetworkAction,
  createAccountAction,
  createIdentityAction,
  deleteIdentityAction,
  registerClusterAction,
  removeClusterAction,
  removeFabricNetworkAction,
  type AccountFormState,
  type ExpansionFormState,
} from "./actions";

// The forms of the platform expansion pages. Each keeps what the user typed
// after a rejection, except secrets. No field sets its own id: the fabric
// page shows two of these forms, and FormField's generated ids keep every
// label bound to the field of its own form.

type Choice = { id: string; name: string };

function Outcome({ state, failure }: { state: ExpansionFormState; failure: string }) {
  if (state.error) return <Alert variant="error" title={failure}>{state.error}</Alert>;
  if (state.success) return <Alert variant="success">{state.success}</Alert>;
  return null;
}

function OrganizationFields({ organizations, values, newType }: { organizations: Choice[]; values: Record<string, string>; newType: string }) {
  const [organizationId, setOrganizationId] = useState(values.organizationId ?? "");
  return (
    <>
      <FormField label="Organization" description="TMF632 organization">
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
        <FormField label="New organization name" required description={`Created as a TMF632 organization of type ${newType}.`}>
          <Input name="organizationName" defaultValue={values.organizationName} />
        </FormField>
      ) : null}
    </>
  );
}

function LocationFields({ values, required }: { values: Record<string, string>; required: boolean }) {
  return (
    <>
      <FormField label="Place" required={required}>
        <Input name="locationName" defaultValue={values.locationName} placeholder="Oulu" />
      </FormField>
      <FormField label="Latitude" required={required} description="Degrees, -90 to 90.">
        <Input name="latitude" inputMode="decimal" defaultValue={values.latitude} placeholder="65.0121" />
      </FormField>
      <FormField label="Longitude" required={required} description="Degrees, -180 to 180.">
        <Input name="longitude" inputMode="decimal" defaultValue={values.longitude} placeholder="25.4651" />
      </FormField>
    </>
  );
}

/** Step 0: the domain owner's account, shown with its password once it is created. */
export function CreateAccountForm({ organizations }: { organizations: Choice[] }) {
  const [state, action, pending] = useActionState<AccountFormState, FormData>(createAccountAction, {});
  const values = state.values ?? {};
  return (
    <form action={action} className="flex flex-col gap-4" key={state.created ? state.created.email : JSON.stringify(values)}>
      <div className="grid gap-4 sm:grid-cols-2">
        <FormField label="Name" required>
          <Input name="name" defaultValue={values.name} placeholder="Aino Virtanen" />
        </FormField>
        <FormField label="E-mail" required description="The sign-in name of the account.">
          <Input name="email" type="email" defaultValue={values.email} placeholder="aino@oulu-harbour.example" />
        </FormField>
        <FormField label="Phone">
          <Input name="phone" type="tel" defaultValue={values.phone} placeholder="+358 40 123 4567" />
        </FormField>
        <OrganizationFields organizations={organizations} values={values} newType="InfrastructureOwner" />
      </div>
      <FormField label="Purpose" required description="What the owner brings to the platform, for example an edge cluster.">
        <Textarea name="purpose" defaultValue={values.purpose} rows={2} />
      </FormField>
      {state.created ? (
        <Alert variant="success" title="Account created: hand these credentials over now; the password is not shown again">
          <span data-testid="created-email">{state.created.email}</span> · password <code data-testid="created-password">{state.created.password}</code> · {state.created.organization}
        </Alert>
      ) : null}
      <Outcome state={state} failure="The account was not created" />
      <div>
        <Button type="submit" disabled={pending}>
          {pending ? "Creating…" : "Create account"}
        </Button>
      </div>
    </form>
  );
}

/** Binds a fabric network: the ESO signs in to the controller before saving. */
export function AddFabricNetworkForm({ organizations, simulatedUsername }: { organizations: Choice[]; simulatedUsername: string }) {
  const [state, action, pending] = useActionState<ExpansionFormState, FormData>(addFabricNetworkAction, {});
  const values = state.values ?? {};
  const [kind, setKind] = useState(values.kind ?? "simulated");
  return (
    <form action={action} className="flex flex-col gap-4" key={JSON.stringify(values)}>
      <div className="grid gap-4 sm:grid-cols-2">
        <FormField label="Name" required>
          <Input name="name" defaultValue={values.name} placeholder="COP-PILOT SIF" />
        </FormField>
        <FormField label="Controller" required>
          <Select name="kind" value={kind} onChange={(event) => setKind(event.target.value)}>
            <option value="simulated">Simulated controller (this ESO)</option>
            <option value="ziti">OpenZiti controller</option>
          </Select>
        </FormField>
        {kind === "ziti" ? (
          <FormField label="Controller URL" required description="Base URL of the Edge Management API, such as https://ziti.example.org:1280.">
            <Input name="controllerUrl" type="url" defaultValue={values.controllerUrl} />
          </FormField>
        ) : null}
        <FormField label="Username" required description={kind === "simulated" ? `The simulated controller's account is "${simulatedUsername}"; its password is in .data/credentials.json.` : "The ESO's account on the controller."}>
          <Input name="username" defaultValue={values.username ?? (kind === "simulated" ? simulatedUsername : "")} autoComplete="off" />
        </FormField>
        <FormField label="Password" required description="Stored encrypted and never shown again.">
          <Input name="password" type="password" autoComplete="off" />
        </FormField>
        <OrganizationFields organizations={organizations} values={values} newType="FabricOperator" />
        <LocationFields values={values} required={false} />
      </div>
      {kind === "ziti" ? (
        <FormField label="Controller CA (PEM)" description="Needed when the controller's certificate is not signed by a public CA.">
          <Textarea name="ca" defaultValue={values.ca} rows={3} className="font-mono text-xs" />
        </FormField>
      ) : null}
      <Outcome state={state} failure="The fabric network was not bound" />
      <div>
        <Button type="submit" disabled={pending}>
          {pending ? "Signing in…" : "Bind fabric network"}
        </Button>
      </div>
    </form>
  );
}

export function RemoveButton({ id, label, kind }: { id: string; label: string; kind: "fabricNetwork" | "identity" | "cluster" }) {
  const actions = { fabricNetwork: removeFabricNetworkAction, identity: deleteIdentityAction, cluster: removeClusterAction };
  const [state, action, pending] = useActionState<ExpansionFormState, FormData>(actions[kind], {});
  return (
    <form action={action} className="flex flex-col items-end gap-1">
      <input type="hidden" name="id" value={id} />
      <Button type="submit" variant="outline" size="sm" disabled={pending} aria-label={label}>
        {pending ? "Removing…" : "Remove"}
      </Button>
      {state.error ? <span className="max-w-xs text-xs text-destructive">{state.error}</span> : null}
    </form>
  );
}

/** Step 1: a fabric identity for a new domain. */
export function CreateIdentityForm({ networks, organizations, askOrganization, purpose = "domain" }: { networks: Choice[]; organizations: Choice[]; askOrganization: boolean; purpose?: "domain" | "test" }) {
  const [state, action, pending] = useActionState<ExpansionFormState, FormData>(createIdentityAction, {});
  const values = state.values ?? {};
  return (
    <form action={action} className="flex flex-col gap-4" key={JSON.stringify(values)}>
      <input type="hidden" name="purpose" value={purpose} />
      <div className="grid gap-4 sm:grid-cols-3">
        <FormField label="Fabric network" required>
          <Select name="fabricNetworkId" defaultValue={values.fabricNetworkId}>
            {networks.map((network) => (
              <option key={network.id} value={network.id}>
                {network.name}
              </option>
            ))}
          </Select>
        </FormField>
        <FormField label="Identity name" required description="Lowercase letters, digits and '-'.">
          <Input name="name" defaultValue={values.name} placeholder="oulu-harbour" />
        </FormField>
        <FormField label="Domain name" required description="How the new domain appears on the map and in the marketplace.">
          <Input name="domainName" defaultValue={values.domainName} placeholder="Oulu Harbour" />
        </FormField>
        {askOrganization ? (
          <FormField label="Organization" required>
            <Select name="organizationId" defaultValue={values.organizationId}>
              {organizations.map((organization) => (
                <option key={organization.id} value={organization.id}>
                  {organization.name}
                </option>
              ))}
            </Select>
          </FormField>
        ) : null}
        <LocationFields values={values} required={purpose === "domain"} />
      </div>
      <Outcome state={state} failure="The identity was not created" />
      <div>
        <Button type="submit" disabled={pending || networks.length === 0}>
          {pending ? "Creating…" : "Create identity"}
        </Button>
      </div>
    </form>
  );
}

/** Step 3: registers a cluster from a kubeconfig, or the simulated stand-in. */
export function RegisterClusterForm({ identities }: { identities: Choice[] }) {
  const [state, action, pending] = useActionState<ExpansionFormState, FormData>(registerClusterAction, {});
  const values = state.values ?? {};
  const [kind, setKind] = useState(values.kind ?? "simulated");
  return (
    <form action={action} className="flex flex-col gap-4" key={JSON.stringify(values)}>
      <div className="grid gap-4 sm:grid-cols-3">
        <FormField label="Cluster name" required description="Lowercase letters, digits and '-'.">
          <Input name="name" defaultValue={values.name} placeholder="oulu-k8s" />
        </FormField>
        <FormField label="Connected identity" required description="The domain's fabric identity; it must show connected.">
          <Select name="fabricIdentityId" defaultValue={values.fabricIdentityId}>
            {identities.map((identity) => (
              <option key={identity.id} value={identity.id}>
                {identity.name}
              </option>
            ))}
          </Select>
        </FormField>
        <FormField label="Cluster type" required>
          <Select name="kind" value={kind} onChange={(event) => setKind(event.target.value)}>
            <option value="simulated">Simulated cluster (stand-in)</option>
            <option value="kubernetes">Kubernetes (upload a kubeconfig)</option>
          </Select>
        </FormField>
      </div>
      {kind === "kubernetes" ? (
        <div className="grid gap-4 sm:grid-cols-2">
          <FormField label="Kubeconfig file" description="Token or client certificate authentication; exec plugins and auth providers are rejected.">
            <Input name="kubeconfigFile" type="file" accept=".yaml,.yml,.conf,.kubeconfig,text/yaml" />
          </FormField>
          <FormField label="…or paste it">
            <Textarea name="kubeconfig" rows={4} className="font-mono text-xs" />
          </FormField>
        </div>
      ) : null}
      <Outcome state={state} failure="The cluster was not registered" />
      <div>
        <Button type="submit" disabled={pending || identities.length === 0}>
          {pending ? "Connecting…" : "Register cluster"}
        </Button>
      </div>
    </form>
  );
}
