"use client";

import { useActionState, useState } from "react";
import { Alert, Button, Checkbox, FormField, Input, Select, Textarea } from "@cop-pilot/ui";
import type { EsoServiceOption } from "@/server/catalog/marketplace";
import { CommercialFields } from "../commercial-fields";
import { createOffering, type NewOfferingState } from "./actions";

function byDomain(services: EsoServiceOption[]): [string, EsoServiceOption[]][] {
  const groups = new Map<string, EsoServiceOption[]>();
  for (const service of services) {
    const domain = service.domainName ?? "Domain not named by the ESO";
    groups.set(domain, [...(groups.get(domain) ?? []), service]);
  }
  return [...groups];
}

/** Renders the choice of the characteristics customers may set; by default all but the technical characteristics. */
function CustomerCharacteristics({ service, chosen }: { service: EsoServiceOption; chosen?: string[] }) {
  return (
    <fieldset className="flex flex-col gap-2" aria-describedby="customer-characteristics-description">
      <legend className="text-sm font-medium">Characteristics customers may set</legend>
      <p id="customer-characteristics-description" className="text-xs text-muted-foreground">
        Customers choose these when they order; the others stay at the service&apos;s defaults. Technical characteristics, such as the artifact and the target
        cluster, are not offered by default.
      </p>
      <input type="hidden" name="customerCharacteristicsListed" value="1" />
      <div className="grid gap-2 sm:grid-cols-2">
        {service.characteristics.map((characteristic) => (
          <Checkbox
            key={characteristic.name}
            name="customerCharacteristic"
            value={characteristic.name}
            defaultChecked={chosen ? chosen.includes(characteristic.name) : !characteristic.technical}
            label={<span className="font-mono text-xs">{characteristic.name}</span>}
            title={characteristic.description}
          />
        ))}
      </div>
    </fieldset>
  );
}

/** Renders the "New offering" form: an ESO service, the characteristics customers may set, and the offering's name, description, category and prices. */
export function OfferingForm({ services, categoryNames }: { services: EsoServiceOption[]; categoryNames: string[] }) {
  const [state, action, pending] = useActionState<NewOfferingState, FormData>(createOffering, { attempt: 0 });
  const [serviceId, setServiceId] = useState(state.values?.serviceSpecificationId ?? "");
  const [name, setName] = useState(state.values?.name ?? "");
  const service = services.find((candidate) => candidate.id === serviceId);
  const errors = state.fieldErrors ?? {};
  const values = state.values ?? {};

  return (
    <form key={state.attempt} action={action} className="flex flex-col gap-5" noValidate>
      <FormField label="ESO service" required error={errors.serviceSpecificationId} description={service?.description}>
        <Select
          name="serviceSpecificationId"
          defaultValue={values.serviceSpecificationId ?? ""}
          onChange={(event) => {
            setServiceId(event.target.value);
            const chosen = services.find((candidate) => candidate.id === event.target.value);
            // Suggest the service's name until the admin types one.
            if (chosen && name.trim() === "") setName(chosen.name);
          }}
        >
          <option value="">Choose a service of the ESO marketplace</option>
          {byDomain(services).map(([domain, options]) => (
            <optgroup key={domain} label={domain}>
              {options.map((option) => (
                <option key={option.id} value={option.id}>
                  {option.name}
                </option>
              ))}
            </optgroup>
          ))}
        </Select>
      </FormField>

      <FormField
        label="Services deployed with it"
        error={errors.additionalServiceSpecificationIds}
        description="Optional: services deployed together with the first one in each order. Characteristics they share are set once. Hold Ctrl to choose several."
      >
        <Select name="additionalServiceSpecificationId" multiple size={5} defaultValue={[]}>
          {services
            .filter((option) => option.id !== serviceId)
            .map((option) => (
              <option key={option.id} value={option.id}>
                {option.name}
                {option.domainName ? ` (${option.domainName})` : ""}
              </option>
            ))}
        </Select>
      </FormField>

      {service && service.characteristics.length > 0 ? (
        <CustomerCharacteristics
          key={service.id}
          service={service}
          chosen={values.serviceSpecificationId === service.id ? state.customerCharacteristics : undefined}
        />
      ) : null}

      <FormField label="Name" required error={errors.name} description="What customers see in the marketplace.">
        <Input name="name" value={name} onChange={(event) => setName(event.target.value)} maxLength={200} />
      </FormField>

      <FormField label="Description" error={errors.description}>
        <Textarea name="description" defaultValue={values.description} maxLength={4000} rows={4} />
      </FormField>

      <FormField
        label="Category"
        error={errors.categoryName}
        description={`The offering goes into the catalogue of its pilot cluster, under this category, which is created if it does not exist.${service?.categoryName ? ` Leave it empty to use “${service.categoryName}”, the service's category at the ESO.` : ""}`}
      >
        <Input name="categoryName" list="product-categories" defaultValue={values.categoryName} placeholder={service?.categoryName ?? ""} maxLength={200} />
      </FormField>
      <datalist id="product-categories">
        {categoryNames.map((name) => (
          <option key={name} value={name} />
        ))}
      </datalist>

      <CommercialFields values={values} errors={errors} />

      <FormField
        label="Eligible organizations"
        error={errors.eligibleOrganizationIds}
        description="Ids of the organizations whose customers may order this offering, separated by commas. Leave empty to offer it to every customer."
      >
        <Input name="eligibleOrganizationIds" defaultValue={values.eligibleOrganizationIds} />
      </FormField>

      {state.formError ? <Alert variant="error">{state.formError}</Alert> : null}
      <div>
        <Button type="submit" disabled={pending}>
          {pending ? "Creating…" : "Create offering"}
        </Button>
      </div>
    </form>
  );
}
