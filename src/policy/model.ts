// The policy model: one zod schema for everything the reference policy says (SPEC P1–P10, C1–C5).
// Structural rules live here; cross-references are checked in references.ts; legal judgement
// (Privacy Shield, missing purposes, 13 months …) belongs to the checker.
import { z } from 'zod';
import { isDuration } from './duration.ts';

export const idSchema = z.string().regex(/^[a-z][a-z0-9_-]*$/, 'an id: lower-case letters, digits, - and _, starting with a letter');
export const localeSchema = z.string().regex(/^[a-z]{2}(-[A-Z]{2})?$/, 'a locale such as en or fr');
/** A text in each declared locale: `{ en: "…", fr: "…" }`. Missing locales are the checker's business. */
export const textSchema = z.record(localeSchema, z.string().min(1));
export const durationSchema = z.string().refine(isDuration, 'an ISO 8601 duration such as P90D, P3Y or P13M');
const dateSchema = z.iso.date();
const countrySchema = z.string().regex(/^[A-Z]{2}$/, 'an ISO 3166 country code such as FR or US');
const ids = z.array(idSchema);

export const legalBases = ['consent', 'contract', 'legal_obligation', 'vital_interests', 'public_task', 'legitimate_interests'] as const;
export const transferMechanisms = [
  'eea', // no transfer: the recipient stays in the EEA
  'adequacy', // Art. 45 adequacy decision
  'dpf', // EU-US Data Privacy Framework (adequacy decision of 10 July 2023), certified recipients
  'sccs', // Standard contractual clauses, Commission decision 2021/914 (Art. 46(2)(c))
  'bcr', // Binding corporate rules (Art. 47)
  'derogation', // Art. 49 derogations
  'privacy_shield', // invalid since 16 July 2020 (CJEU C-311/18, Schrems II): expressible so the checker can refuse it
] as const;
export const rights = ['access', 'rectification', 'erasure', 'restriction', 'objection', 'portability'] as const;
export const retentionActions = ['delete', 'anonymise'] as const;

const contactSchema = z.strictObject({
  name: z.string().min(1).optional(),
  email: z.email().optional(),
  url: z.url().optional(),
  address: z.string().min(1).optional(),
});

export const controllerSchema = z.strictObject({
  name: z.string().min(1),
  legal_form: z.string().optional(),
  registration: z.string().optional(),
  address: z.string().optional(),
  country: countrySchema,
  time_zone: z.string().refine(isTimeZone, 'an IANA time zone such as Europe/Paris'),
  /** What the company is for these processings (Art. 4(7) and 4(8)). */
  role: z.enum(['controller', 'joint_controller', 'processor']),
  /** Whether the company decides the purposes and means: true makes it a controller, whatever it calls itself. */
  determines_purposes_and_means: z.boolean().default(true),
  contact: contactSchema.optional(),
  dpo: contactSchema.optional(),
  authority: z.strictObject({ name: z.string().min(1), country: countrySchema.optional(), url: z.url().optional(), address: z.string().optional() }).optional(),
});

const categorySchema = z.strictObject({
  label: textSchema,
  examples: z.array(textSchema).default([]),
  /** Art. 9 special category. */
  special: z.boolean().default(false),
  /** Why the category is (not) special, e.g. financial data is sensitive but not Art. 9. */
  special_note: textSchema.optional(),
  /** A processor that holds this category for the company, which then never stores it itself. */
  held_by: idSchema.optional(),
});

const purposeSchema = z.strictObject({
  label: textSchema,
  description: textSchema.optional(),
  legal_basis: z.enum(legalBases).optional(),
  legitimate_interest: textSchema.optional(),
  subjects: ids.default([]),
  categories: ids.default([]),
});

const internalRecipientSchema = z.strictObject({
  label: textSchema,
  description: textSchema.optional(),
  /** Clearance: the categories and purposes this role may see, and nothing more. */
  categories: ids.default([]),
  purposes: ids.default([]),
});

const transferSchema = z.strictObject({
  mechanism: z.enum(transferMechanisms),
  note: textSchema.optional(),
});

const processorSchema = z.strictObject({
  name: z.string().min(1),
  service: textSchema,
  country: countrySchema,
  purposes: ids.default([]),
  categories: ids.default([]),
  transfer: transferSchema.optional(),
  dpa: z.url().optional(),
});

const otherRecipientSchema = z.strictObject({
  label: textSchema,
  description: textSchema.optional(),
  categories: ids.default([]),
  /** The purposes for which they receive data (e.g. judicial officers: debt collection). */
  purposes: ids.default([]),
});

const extensionSchema = z.strictObject({
  /** The purpose the longer period serves. Optional only so that a text naming it in prose can be encoded; the checker requires it. */
  purpose: idSchema.optional(),
  keep: durationSchema,
  /** The categories this purpose needs; the others are removed when the main period ends. Default: all. */
  categories: ids.optional(),
  /** Internal recipients who may still read the data (an archive); default: the purpose's usual recipients. */
  access: ids.optional(),
  label: textSchema.optional(),
});

export const retentionRuleSchema = z.strictObject({
  id: idSchema,
  label: textSchema,
  subjects: ids.default([]),
  categories: ids.min(1),
  /** The event that starts the clock: collected, last_contact, account_closed, last_connection, consent, invoiced … */
  clock: idSchema,
  clock_label: textSchema.optional(),
  keep: durationSchema,
  then: z.enum(retentionActions).default('delete'),
  extensions: z.array(extensionSchema).default([]),
  basis: textSchema.optional(),
});

const measureSchema = z.strictObject({
  id: idSchema,
  kind: z.enum(['organisational', 'technical']),
  text: textSchema,
});

const rightsSchema = z.strictObject({
  deadline: durationSchema.default('P1M'),
  extension: durationSchema.default('P2M'),
  /** Rights whose requests need a copy of an identity document. */
  identity_document_for: z.array(z.enum(rights)).default([]),
  /** Fields a substantial rectification covers (others are self-service "comfort" changes). */
  rectification_fields: z.array(z.enum(['civil_status', 'identity', 'profession', 'contact'])).default([]),
  self_service: textSchema.optional(),
  channel: textSchema.optional(),
});

const cookieSchema = z.strictObject({
  name: z.string().min(1),
  domain: z.string().optional(),
  lifetime: z.union([z.literal('session'), durationSchema]),
  description: textSchema.optional(),
});

const cookieCategorySchema = z.strictObject({
  label: textSchema,
  description: textSchema,
  /** Strictly necessary: always on, cannot be refused. */
  locked: z.boolean().default(false),
  /** The purposes the cookies of this category serve: accepting the category is consent to them. */
  purposes: ids.default([]),
});

const cookieServiceSchema = z.strictObject({
  name: z.string().min(1),
  category: idSchema,
  processor: idSchema.optional(),
  description: textSchema.optional(),
  cookies: z.array(cookieSchema).default([]),
});

const bannerTextsSchema = z.record(z.string().regex(/^[a-zA-Z]+$/), textSchema);

const cookiesSchema = z.strictObject({
  tool: z.string().min(1).optional(),
  consent: z.strictObject({
    lifetime: durationSchema,
    reask_after: durationSchema,
    cookie_name: z.string().regex(/^[A-Za-z0-9_-]+$/).default('custodian_consent'),
    domain: z.string().optional(),
  }),
  categories: z.record(idSchema, cookieCategorySchema),
  services: z.record(idSchema, cookieServiceSchema).default({}),
  browsers: z.array(z.strictObject({ name: z.string().min(1), url: z.url() })).default([]),
  /** Overrides of the banner's built-in texts, per locale. */
  banner: bannerTextsSchema.default({}),
});

const websiteSchema = z.strictObject({
  name: z.string().min(1),
  origins: z.array(z.url()).min(1),
});

export const policySchema = z.strictObject({
  custodian: z.literal(1),
  controller: controllerSchema,
  version: z.strictObject({ effective: dateSchema, note: z.string().optional() }),
  locales: z.array(localeSchema).min(1),
  subjects: z.record(idSchema, z.strictObject({ label: textSchema, description: textSchema.optional() })),
  categories: z.record(idSchema, categorySchema),
  purposes: z.record(idSchema, purposeSchema).default({}),
  recipients: z.strictObject({
    internal: z.record(idSchema, internalRecipientSchema).default({}),
    processors: z.record(idSchema, processorSchema).default({}),
    others: z.record(idSchema, otherRecipientSchema).default({}),
  }),
  retention: z.array(retentionRuleSchema).default([]),
  /** Statements about the data's fate the text makes, e.g. never sold. */
  commitments: z.array(textSchema).default([]),
  security: z.strictObject({
    training_refresh: durationSchema.default('P1Y'),
    measures: z.array(measureSchema).default([]),
  }),
  rights: rightsSchema,
  cookies: cookiesSchema,
  websites: z.record(idSchema, websiteSchema).default({}),
  /** Data-map files (datamap/*.yaml), relative to the policy file. */
  datamap: z.array(z.string().min(1)).default([]),
});

export type Policy = z.infer<typeof policySchema>;
export type PolicyInput = z.input<typeof policySchema>;
export type Text = z.infer<typeof textSchema>;
export type RetentionRule = z.infer<typeof retentionRuleSchema>;
export type LegalBasis = (typeof legalBases)[number];
export type TransferMechanism = (typeof transferMechanisms)[number];
export type Right = (typeof rights)[number];

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** The text in `locale`, falling back to the policy's first locale (the checker reports the gap). */
export function t(text: Text | undefined, locale: string, fallback?: string): string {
  if (!text) return '';
  return text[locale] ?? (fallback ? text[fallback] : undefined) ?? Object.values(text)[0] ?? '';
}
