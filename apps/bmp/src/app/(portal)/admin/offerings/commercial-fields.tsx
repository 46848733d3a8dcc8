import { FormField, Input, Textarea } from "@cop-pilot/ui";

/** Renders the price, SLA and validity fields that the offering and bundle forms share, prefilled after a failed submission. */
export function CommercialFields({ values, errors }: { values: Record<string, string>; errors: Record<string, string> }) {
  return (
    <>
      <div className="grid gap-5 sm:grid-cols-2">
        <FormField label="Set-up fee (EUR, one-off)" error={errors.oneTimePrice} description="Leave empty for no set-up fee.">
          <Input name="oneTimePrice" type="number" inputMode="decimal" min={0} step="0.01" defaultValue={values.oneTimePrice} />
        </FormField>
        <FormField label="Monthly fee (EUR, recurring)" error={errors.monthlyPrice} description="Leave empty for no monthly fee.">
          <Input name="monthlyPrice" type="number" inputMode="decimal" min={0} step="0.01" defaultValue={values.monthlyPrice} />
        </FormField>
        <FormField label="Usage price (EUR per unit)" error={errors.usagePrice} description="Charged per unit used; leave empty for none.">
          <Input name="usagePrice" type="number" inputMode="decimal" min={0} step="0.0001" defaultValue={values.usagePrice} />
        </FormField>
        <FormField label="Usage unit" error={errors.usageUnit} description="The unit of the usage price, e.g. GB or hour.">
          <Input name="usageUnit" defaultValue={values.usageUnit} maxLength={40} />
        </FormField>
      </div>

      <FormField label="SLA terms" error={errors.slaTerms} description="One term per line, e.g. “Availability 99.5 % per month”.">
        <Textarea name="slaTerms" defaultValue={values.slaTerms} rows={3} />
      </FormField>

      <div className="grid gap-5 sm:grid-cols-2">
        <FormField label="Orderable from" error={errors.validFrom} description="Leave empty to allow orders at once.">
          <Input name="validFrom" type="date" defaultValue={values.validFrom} />
        </FormField>
        <FormField label="Orderable until" error={errors.validTo} description="Leave empty for no end date.">
          <Input name="validTo" type="date" defaultValue={values.validTo} />
        </FormField>
      </div>
    </>
  );
}
