import { z } from "zod";
import { isoDateTime, timePeriod } from "./common";

// TMF632 Party Management v4.0.0.

export const contactMedium = z.looseObject({
  mediumType: z.string().optional(),
  preferred: z.boolean().optional(),
  characteristic: z.looseObject({
    emailAddress: z.string().optional(),
    phoneNumber: z.string().optional(),
    city: z.string().optional(),
    country: z.string().optional(),
    street1: z.string().optional(),
    postCode: z.string().optional(),
  }).optional(),
  validFor: timePeriod.optional(),
});

const organizationFields = {
  name: z.string().trim().min(1).optional(),
  tradingName: z.string().trim().min(1).optional(),
  nameType: z.string().optional(),
  organizationType: z.string().optional(),
  isLegalEntity: z.boolean().optional(),
  isHeadOffice: z.boolean().optional(),
  status: z.string().optional(),
  existsDuring: timePeriod.optional(),
  contactMedium: z.array(contactMedium).optional(),
  partyCharacteristic: z.array(z.looseObject({ name: z.string(), value: z.unknown() })).optional(),
  externalReference: z.array(z.looseObject({ name: z.string(), externalReferenceType: z.string().optional() })).optional(),
  "@type": z.string().optional(),
};
// TMF632 requires `tradingName` on create; this platform also accepts `name`
// alone, and each defaults to the other (see the party API).
export const organizationCreate = z
  .looseObject(organizationFields)
  .refine((organization) => organization.name !== undefined || organization.tradingName !== undefined, {
    message: "name or tradingName is required",
    path: ["tradingName"],
  });
export const organizationUpdate = z.looseObject(organizationFields).partial();

const individualFields = {
  givenName: z.string().optional(),
  familyName: z.string().optional(),
  fullName: z.string().optional(),
  birthDate: isoDateTime.optional(),
  status: z.string().optional(),
  contactMedium: z.array(contactMedium).optional(),
  "@type": z.string().optional(),
};
export const individualCreate = z.looseObject(individualFields);
export const individualUpdate = individualCreate.partial();
