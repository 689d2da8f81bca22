/**
 * The profile a mentee or mentor submits, one schema for the API, the HTML
 * form and the matching CLI, and the stored profile built from it.
 */
import * as z from 'zod';
import {
  COUNCIL_CODES,
  FORMAT_IDS,
  SENIORITY_IDS,
  SKILL_IDS,
  councilByCode,
} from '../reference';
import { ValidationFailed, type FieldError } from './errors';
import { hasVisibleText, textRules } from './text';
import { toFieldErrors } from './validation';

export const ROLES = ['mentee', 'mentor'] as const;
export type Role = (typeof ROLES)[number];

export const MAX_MENTEE_SKILLS = 5;
export const MAX_MENTOR_SKILLS = 10;
export const MAX_CAPACITY = 5;

// Line breaks and other control characters have no place in a name or a job
// title, and refusing them here keeps them out of every email we build.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
const CONTROL_BUT_NEWLINES = /[\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

/** Text people type: sendable, with nothing hidden and no links (shared/domain/text.ts), and something visible. */
const typedText = (schema: z.ZodString, label: string, empty: string) =>
  textRules(label)
    .reduce((s, rule) => s.refine(rule.test, { error: rule.message }), schema)
    .refine(hasVisibleText, { error: empty });

const line = (label: string, max: number) =>
  typedText(
    z
      .string({ error: `Enter your ${label}` })
      .trim()
      .min(1, { error: `Enter your ${label}` })
      .max(max, { error: `Your ${label} must be ${max} characters or fewer` })
      .refine((v) => !CONTROL.test(v), { error: `Your ${label} must not contain line breaks or control characters` }),
    `Your ${label}`,
    `Enter your ${label}`,
  );

const paragraph = (empty: string, label: string, max: number) =>
  typedText(
    z
      .string({ error: empty })
      .trim()
      .min(1, { error: empty })
      .max(max, { error: `${label} must be ${max} characters or fewer` })
      .refine((v) => !CONTROL_BUT_NEWLINES.test(v), { error: `${label} must not contain control characters` }),
    label,
    empty,
  );

const skillList = (min: number, max: number, what: string) =>
  z
    .array(z.enum(SKILL_IDS, { error: 'Select skills from the list' }), { error: `Select ${what}` })
    .min(min, { error: `Select ${what}` })
    .max(max, { error: `Select up to ${max} skills` })
    .refine((ids) => new Set(ids).size === ids.length, { error: 'Select each skill only once' });

const common = {
  name: line('full name', 100),
  email: z
    .string({ error: 'Enter your email address' })
    .trim()
    .min(1, { error: 'Enter your email address' })
    .max(254, { error: 'Your email address must be 254 characters or fewer' })
    .pipe(z.email({ error: 'Enter an email address in the correct format, like name@council.gov.uk' }))
    .transform((v) => v.toLowerCase()),
  councilCode: z.enum(COUNCIL_CODES, { error: 'Select your council from the list' }),
  jobTitle: line('job title', 100),
  seniority: z.enum(SENIORITY_IDS, { error: 'Select your seniority' }),
  format: z.enum(FORMAT_IDS, { error: 'Select how you would like to meet' }),
  consent: z.literal(true, { error: 'Confirm that you have read and agree to the privacy notice' }),
};

export const MenteeSubmission = z.strictObject({
  role: z.literal('mentee'),
  ...common,
  skills: skillList(1, MAX_MENTEE_SKILLS, 'at least one skill you want to develop'),
  goals: paragraph('Enter what you want to get from mentoring', 'Your goals', 2000),
});

export const MentorSubmission = z.strictObject({
  role: z.literal('mentor'),
  ...common,
  skills: skillList(1, MAX_MENTOR_SKILLS, 'at least one skill you can offer'),
  capacity: z
    .number({ error: 'Enter how many mentees you can take, from 1 to 5' })
    .int({ error: 'Enter a whole number of mentees, from 1 to 5' })
    .min(1, { error: 'Enter how many mentees you can take, from 1 to 5' })
    .max(MAX_CAPACITY, { error: 'You can take at most 5 mentees' }),
  experience: paragraph('Enter the experience you can share', 'Your experience', 2000),
});

export const ProfileSubmission = z.discriminatedUnion('role', [MenteeSubmission, MentorSubmission]);
export type MenteeSubmission = z.infer<typeof MenteeSubmission>;
export type MentorSubmission = z.infer<typeof MentorSubmission>;
export type ProfileSubmission = z.infer<typeof ProfileSubmission>;

// Used only to report the other fields' problems when the role itself is bad.
const RoleUnknown = z.object({ ...common });

type Checked = { ok: true; submission: ProfileSubmission } | { ok: false; errors: FieldError[] };

function checkSubmission(input: unknown): Checked {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, errors: [{ path: '', message: 'The request body must be a JSON object' }] };
  }
  const role = (input as Record<string, unknown>).role;
  if (role !== 'mentee' && role !== 'mentor') {
    const errors: FieldError[] = [{ path: 'role', message: 'Select whether you want to be a mentee or a mentor' }];
    const rest = RoleUnknown.safeParse(input);
    if (!rest.success) errors.push(...toFieldErrors(rest.error));
    return { ok: false, errors };
  }
  const result = ProfileSubmission.safeParse(input);
  return result.success ? { ok: true, submission: result.data } : { ok: false, errors: toFieldErrors(result.error) };
}

/**
 * The edge's schema for an untrusted submission (the API's JSON body, the
 * form, the CLI): names every bad field at once, and the other fields'
 * problems too when the role itself is missing, so a form can show them all.
 */
export const ProfileSubmissionInput: z.ZodType<ProfileSubmission> = z.unknown().transform((input, ctx) => {
  const checked = checkSubmission(input);
  if (checked.ok) return checked.submission;
  for (const e of checked.errors) ctx.addIssue({ code: 'custom', message: e.message, path: e.path === '' ? [] : e.path.split('.') });
  return z.NEVER;
});

/** Validates an untrusted body outside a route (the CLI, tests): the submission, or ValidationFailed naming every bad field. */
export function parseProfileSubmission(input: unknown): ProfileSubmission {
  const checked = checkSubmission(input);
  if (!checked.ok) throw new ValidationFailed(checked.errors);
  return checked.submission;
}

export const PROFILE_STATUSES = ['PENDING_VERIFICATION', 'ACTIVE', 'PAUSED'] as const;
export type ProfileStatus = (typeof PROFILE_STATUSES)[number];

/** What we store: the submission plus what the service derives and tracks. */
export type Profile = ProfileSubmission & {
  id: string;
  status: ProfileStatus;
  /** Derived from the council, never typed by the person. */
  region: string;
  councilType: string;
  createdAt: string;
  updatedAt: string;
  consentedAt: string;
  verifiedAt?: string;
};

/** Changes to an active profile, kept aside until the owner confirms them from their inbox. */
export interface PendingUpdate {
  id: string;
  profileId: string;
  submission: ProfileSubmission;
  createdAt: string;
}

export function deriveCouncilFacts(councilCode: string): { region: string; councilType: string } {
  const council = councilByCode.get(councilCode);
  // The schema admits only known codes, so a miss is a programming error.
  if (!council) throw new Error(`Unknown council code ${councilCode}`);
  return { region: council.region, councilType: council.type };
}

const stored = {
  id: z.string().min(1),
  status: z.enum(PROFILE_STATUSES),
  region: z.string(),
  councilType: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  consentedAt: z.string(),
  verifiedAt: z.string().optional(),
};

/** Parses a profile read back from storage, so a malformed item fails loudly instead of travelling on. */
export const StoredProfile = z.discriminatedUnion('role', [MenteeSubmission.extend(stored), MentorSubmission.extend(stored)]);
