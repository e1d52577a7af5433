// Partnership settings that an administrator can change without a deploy.
import { z } from "zod";
import type { Db, Tx } from "../../db/connect";
import type { Services } from "../services";
import type { Actor } from "../access/actor";
import { assertCan, assertCanManageRetention, chairRoleOptions, meetingChairRoles, MEETING_CHAIR_ROLES } from "../access/policy";
import { roleNameSchema } from "../access/roles";
import { invalid } from "../errors";
import { recordAudit } from "../audit/audit";
import { wholeNumber } from "../validation";
import type { SecondFactorPolicy } from "../access/second-factor";
import { assertRecentlyAuthenticated } from "../auth/reauthentication";

export const MEETING_DUE_WORKING_DAYS = "meeting.dueWorkingDays";
export const meetingDueWorkingDaysSchema = wholeNumber("A strategy meeting is due within 1 to 3 working days: enter 1, 2 or 3", { min: 1, max: 3 });

export async function meetingDueWorkingDays(db: Db | Tx): Promise<number> {
  const row = await db.setting.findUnique({ where: { key: MEETING_DUE_WORKING_DAYS }, select: { value: true } });
  const parsed = meetingDueWorkingDaysSchema.safeParse(row?.value);
  return parsed.success ? parsed.data : 1;
}

export async function updateMeetingDueWorkingDays(services: Services, actor: Actor, input: { days: number | string }, meta: { requestId?: string } = {}) {
  assertCan(actor, "manage", "calendar");
  const days = meetingDueWorkingDaysSchema.parse(input.days);
  assertRecentlyAuthenticated(services, actor);
  await services.db.$transaction(async (tx) => {
    await tx.setting.upsert({ where: { key: MEETING_DUE_WORKING_DAYS }, create: { key: MEETING_DUE_WORKING_DAYS, value: days }, update: { value: days } });
    await recordAudit(tx, actor, { action: "settings.meeting_due_working_days", entityType: "setting", entityId: MEETING_DUE_WORKING_DAYS, detail: { days } }, meta.requestId);
  });
  return { days };
}

// ---- When the initial child protection conference clock starts ------------------------------
// Areas differ on whether the 15 working days run from the first strategy discussion about the
// child or from the latest one (a further or review discussion restarts it). Default: the first.
export const CONFERENCE_CLOCK_FROM = "conference.clockFrom";
export const conferenceClockFromSchema = z.enum(["FIRST", "LATEST"], { error: "Choose whether the conference clock runs from the first or the latest strategy discussion" });
export type ConferenceClockFrom = z.output<typeof conferenceClockFromSchema>;

export async function conferenceClockFrom(db: Db | Tx): Promise<ConferenceClockFrom> {
  const row = await db.setting.findUnique({ where: { key: CONFERENCE_CLOCK_FROM }, select: { value: true } });
  const parsed = conferenceClockFromSchema.safeParse(row?.value);
  return parsed.success ? parsed.data : "FIRST";
}

export async function updateConferenceClockFrom(services: Services, actor: Actor, input: { from: string }, meta: { requestId?: string } = {}) {
  assertCan(actor, "manage", "calendar");
  const from = conferenceClockFromSchema.parse(input.from);
  assertRecentlyAuthenticated(services, actor);
  await services.db.$transaction(async (tx) => {
    await tx.setting.upsert({ where: { key: CONFERENCE_CLOCK_FROM }, create: { key: CONFERENCE_CLOCK_FROM, value: from }, update: { value: from } });
    await recordAudit(tx, actor, { action: "settings.conference_clock_from", entityType: "setting", entityId: CONFERENCE_CLOCK_FROM, detail: { from } }, meta.requestId);
  });
  return { from };
}

// ---- How long a signed-in browser stays signed in -------------------------------------------
// A session ends after this long without use, and this long after sign-in however busy. The
// defaults come from the configuration (SESSION_IDLE_MINUTES, SESSION_TTL_HOURS); a system
// administrator may change them here. Shortening either takes effect for existing sessions at once.
export const SESSION_IDLE_MINUTES = "session.idleMinutes";
export const SESSION_ABSOLUTE_HOURS = "session.absoluteHours";

export const sessionLifetimesSchema = z
  .object({
    // wholeNumber, not z.coerce: coercion would read true as 1 hour and null or "" as 0.
    idleMinutes: wholeNumber(
      "Enter the minutes without use, from 5 to 240",
      { min: 5, max: 240 },
      { int: "Enter a whole number of minutes", min: "A session must last at least 5 minutes without use", max: "A session can last at most 240 minutes (4 hours) without use" },
    ),
    absoluteHours: wholeNumber(
      "Enter the hours after sign-in, from 1 to 24",
      { min: 1, max: 24 },
      { int: "Enter a whole number of hours", min: "A session must last at least 1 hour after sign-in", max: "A session can last at most 24 hours after sign-in" },
    ),
  })
  .refine((s) => s.idleMinutes <= s.absoluteHours * 60, { path: ["idleMinutes"], message: "The time without use cannot be longer than the session itself" });
export type SessionLifetimes = z.output<typeof sessionLifetimesSchema>;

export async function sessionLifetimes(db: Db | Tx, defaults: SessionLifetimes): Promise<SessionLifetimes> {
  const rows = await db.setting.findMany({ where: { key: { in: [SESSION_IDLE_MINUTES, SESSION_ABSOLUTE_HOURS] } }, select: { key: true, value: true } });
  return sessionLifetimesFrom(Object.fromEntries(rows.map((r) => [r.key, r.value])), defaults);
}

export const SESSION_LIFETIME_KEYS = [SESSION_IDLE_MINUTES, SESSION_ABSOLUTE_HOURS] as const;

/** The lifetimes from the stored settings (keyed by setting key), or the defaults where unset or invalid. */
export function sessionLifetimesFrom(stored: Record<string, unknown>, defaults: SessionLifetimes): SessionLifetimes {
  const parsed = sessionLifetimesSchema.safeParse({
    idleMinutes: stored[SESSION_IDLE_MINUTES] ?? defaults.idleMinutes,
    absoluteHours: stored[SESSION_ABSOLUTE_HOURS] ?? defaults.absoluteHours,
  });
  return parsed.success ? parsed.data : defaults;
}

/** The session lifetimes, for whoever manages the partnership's settings. */
export async function viewSessionLifetimes(services: Services, actor: Actor): Promise<SessionLifetimes> {
  assertCan(actor, "manage", "calendar");
  const { defaultIdleMinutes, defaultAbsoluteHours } = services.settings.sessions;
  return sessionLifetimes(services.db, { idleMinutes: defaultIdleMinutes, absoluteHours: defaultAbsoluteHours });
}

export async function updateSessionLifetimes(
  services: Services,
  actor: Actor,
  input: { idleMinutes: number | string; absoluteHours: number | string },
  meta: { requestId?: string } = {},
): Promise<SessionLifetimes> {
  // The permission to manage the partnership's settings (calendar, levels, timescales).
  assertCan(actor, "manage", "calendar");
  const lifetimes = sessionLifetimesSchema.parse(input);
  assertRecentlyAuthenticated(services, actor);
  await services.db.$transaction(async (tx) => {
    for (const [key, value] of [[SESSION_IDLE_MINUTES, lifetimes.idleMinutes], [SESSION_ABSOLUTE_HOURS, lifetimes.absoluteHours]] as const) {
      await tx.setting.upsert({ where: { key }, create: { key, value }, update: { value } });
    }
    await recordAudit(tx, actor, { action: "settings.session_lifetimes", entityType: "setting", entityId: "session", detail: lifetimes }, meta.requestId);
  });
  return lifetimes;
}

// ---- Who chairs strategy meetings ------------------------------------------------------------
// Which roles chair (decision record 0020): among the roles that may convene, read in access/chairs.ts.
export const meetingChairRolesInputSchema = z.object({
  roles: z.array(roleNameSchema, { error: "Choose at least one role" }).min(1, "Choose at least one role that chairs strategy meetings").max(10, "Choose at least one role that chairs strategy meetings"),
});

export async function viewMeetingChairRoles(services: Services, actor: Actor) {
  assertCan(actor, "manage", "calendar");
  const [roles, options] = await Promise.all([meetingChairRoles(services.db), chairRoleOptions(services.db)]);
  return { roles, options };
}

export async function updateMeetingChairRoles(services: Services, actor: Actor, input: z.input<typeof meetingChairRolesInputSchema>, meta: { requestId?: string } = {}) {
  assertCan(actor, "manage", "calendar");
  const { roles } = meetingChairRolesInputSchema.parse(input);
  assertRecentlyAuthenticated(services, actor);
  const options = new Set((await chairRoleOptions(services.db)).map((o) => o.name));
  const unique = [...new Set(roles)];
  if (unique.some((name) => !options.has(name))) {
    throw invalid("Only roles that may convene strategy meetings can chair them", { roles: "Choose from the roles listed" });
  }
  await services.db.$transaction(async (tx) => {
    await tx.setting.upsert({ where: { key: MEETING_CHAIR_ROLES }, create: { key: MEETING_CHAIR_ROLES, value: unique }, update: { value: unique } });
    await recordAudit(tx, actor, { action: "settings.meeting_chair_roles", entityType: "setting", entityId: MEETING_CHAIR_ROLES, detail: { roles: unique } }, meta.requestId);
  });
  return { roles: unique };
}

// ---- The attendance threshold -----------------------------------------------------------------
// The partnership chair watches agencies whose strategy meeting attendance falls below this rate
// (a percentage): the figures flag them in words, and the chair's home lists them.
export const ATTENDANCE_THRESHOLD = "figures.attendanceThresholdPercent";
export const DEFAULT_ATTENDANCE_THRESHOLD = 75;
export const attendanceThresholdSchema = wholeNumber(
  "Enter the attendance threshold as a whole percentage from 1 to 100, like 75",
  { min: 1, max: 100 },
  { int: "Enter the attendance threshold as a whole number, like 75", min: "The attendance threshold must be at least 1%", max: "The attendance threshold must be 100% or less" },
);

export async function attendanceThreshold(db: Db | Tx): Promise<number> {
  const row = await db.setting.findUnique({ where: { key: ATTENDANCE_THRESHOLD }, select: { value: true } });
  const parsed = attendanceThresholdSchema.safeParse(row?.value);
  return parsed.success ? parsed.data : DEFAULT_ATTENDANCE_THRESHOLD;
}

/** The threshold, for whoever manages the partnership's settings. */
export async function viewAttendanceThreshold(services: Services, actor: Actor): Promise<{ percent: number }> {
  assertCan(actor, "manage", "calendar");
  return { percent: await attendanceThreshold(services.db) };
}

export async function updateAttendanceThreshold(services: Services, actor: Actor, input: { percent: number | string }, meta: { requestId?: string } = {}) {
  assertCan(actor, "manage", "calendar");
  const percent = attendanceThresholdSchema.parse(input.percent);
  assertRecentlyAuthenticated(services, actor);
  await services.db.$transaction(async (tx) => {
    await tx.setting.upsert({ where: { key: ATTENDANCE_THRESHOLD }, create: { key: ATTENDANCE_THRESHOLD, value: percent }, update: { value: percent } });
    await recordAudit(tx, actor, { action: "settings.attendance_threshold", entityType: "setting", entityId: ATTENDANCE_THRESHOLD, detail: { percent } }, meta.requestId);
  });
  return { percent };
}

// ---- The retention schedule -------------------------------------------------------------------
// How long each class of case record is kept, in whole years, from the point the schedule names
// (docs/data-protection/retention-schedule.md is the specification: defaults, minimums and where
// each period runs from). A period below the stated minimum is refused and nothing changes.
export const RETENTION_SCHEDULE = "retention.schedule";
export const RETENTION_CLASSES = ["contacts", "meetings", "disagreements", "audit"] as const;
export type RetentionClass = (typeof RETENTION_CLASSES)[number];

export const RETENTION_RULES: Record<RetentionClass, { label: string; runsFrom: string; defaultYears: number; minimumYears: number; atTheEnd: "anonymise" | "delete" }> = {
  contacts: { label: "Contacts and threshold decisions", runsFrom: "the latest decision on the contact", defaultYears: 25, minimumYears: 6, atTheEnd: "anonymise" },
  meetings: { label: "Strategy meetings and minutes", runsFrom: "the end of the meeting", defaultYears: 25, minimumYears: 6, atTheEnd: "anonymise" },
  disagreements: { label: "Threshold disagreements", runsFrom: "resolution (or withdrawal)", defaultYears: 6, minimumYears: 6, atTheEnd: "anonymise" },
  audit: { label: "Audit events", runsFrom: "when the event happened", defaultYears: 7, minimumYears: 6, atTheEnd: "delete" },
};
export const MAX_RETENTION_YEARS = 100;

function retentionYears(c: RetentionClass) {
  const { label, minimumYears } = RETENTION_RULES[c];
  const name = label.charAt(0).toLowerCase() + label.slice(1);
  return wholeNumber(
    `Enter how many years to keep ${name}, from ${minimumYears} to ${MAX_RETENTION_YEARS}`,
    { min: minimumYears, max: MAX_RETENTION_YEARS },
    {
      int: `Enter a whole number of years for ${name}`,
      min: `${label} must be kept at least ${minimumYears} years: the schedule's legal minimum`,
      max: `${label} can be kept at most ${MAX_RETENTION_YEARS} years`,
    },
  );
}

export const retentionScheduleSchema = z.object({
  contacts: retentionYears("contacts"),
  meetings: retentionYears("meetings"),
  disagreements: retentionYears("disagreements"),
  audit: retentionYears("audit"),
});
export type RetentionSchedule = z.output<typeof retentionScheduleSchema>;

export const DEFAULT_RETENTION_SCHEDULE: RetentionSchedule = {
  contacts: RETENTION_RULES.contacts.defaultYears,
  meetings: RETENTION_RULES.meetings.defaultYears,
  disagreements: RETENTION_RULES.disagreements.defaultYears,
  audit: RETENTION_RULES.audit.defaultYears,
};

export async function retentionSchedule(db: Db | Tx): Promise<RetentionSchedule> {
  const row = await db.setting.findUnique({ where: { key: RETENTION_SCHEDULE }, select: { value: true } });
  const parsed = retentionScheduleSchema.safeParse({ ...DEFAULT_RETENTION_SCHEDULE, ...(row?.value && typeof row.value === "object" ? row.value : {}) });
  return parsed.success ? parsed.data : DEFAULT_RETENTION_SCHEDULE;
}

/** The schedule with each class's rule, for the Settings page. */
export async function viewRetentionSchedule(services: Services, actor: Actor) {
  assertCanManageRetention(actor);
  const years = await retentionSchedule(services.db);
  return { years, rules: RETENTION_RULES, maximumYears: MAX_RETENTION_YEARS };
}

export async function updateRetentionSchedule(services: Services, actor: Actor, input: z.input<typeof retentionScheduleSchema>, meta: { requestId?: string } = {}) {
  assertCanManageRetention(actor);
  const years = retentionScheduleSchema.parse(input);
  assertRecentlyAuthenticated(services, actor);
  await services.db.$transaction(async (tx) => {
    await tx.setting.upsert({ where: { key: RETENTION_SCHEDULE }, create: { key: RETENTION_SCHEDULE, value: years }, update: { value: years } });
    await recordAudit(tx, actor, { action: "settings.retention_schedule", entityType: "setting", entityId: RETENTION_SCHEDULE, detail: years }, meta.requestId);
  });
  return years;
}

// ---- The access review ------------------------------------------------------------------------
// Every `reviewDays` each agency's managers confirm who still needs access; an account with no
// sign-in for `unusedDays` is suspended by the scheduled job (docs/decisions/0036).
export const ACCESS_REVIEW_DAYS = "access.reviewDays";
export const UNUSED_ACCOUNT_DAYS = "access.unusedAccountDays";
export const DEFAULT_ACCESS_REVIEW_DAYS = 90;
export const DEFAULT_UNUSED_ACCOUNT_DAYS = 90;

export const accessReviewSettingsSchema = z.object({
  reviewDays: wholeNumber(
    "Enter how often agencies review access, in days from 7 to 365",
    { min: 7, max: 365 },
    { int: "Enter a whole number of days between access reviews", min: "Agencies review access at most every 7 days", max: "Agencies must review access at least once a year (365 days)" },
  ),
  unusedDays: wholeNumber(
    "Enter after how many days without a sign-in an account is suspended, from 30 to 365",
    { min: 30, max: 365 },
    { int: "Enter a whole number of days without a sign-in", min: "An account is suspended after at least 30 days without a sign-in", max: "An account must be suspended after at most 365 days without a sign-in" },
  ),
});
export type AccessReviewSettings = z.output<typeof accessReviewSettingsSchema>;

export async function accessReviewSettings(db: Db | Tx): Promise<AccessReviewSettings> {
  const rows = await db.setting.findMany({ where: { key: { in: [ACCESS_REVIEW_DAYS, UNUSED_ACCOUNT_DAYS] } }, select: { key: true, value: true } });
  const stored = Object.fromEntries(rows.map((r) => [r.key, r.value]));
  const parsed = accessReviewSettingsSchema.safeParse({ reviewDays: stored[ACCESS_REVIEW_DAYS] ?? DEFAULT_ACCESS_REVIEW_DAYS, unusedDays: stored[UNUSED_ACCOUNT_DAYS] ?? DEFAULT_UNUSED_ACCOUNT_DAYS });
  return parsed.success ? parsed.data : { reviewDays: DEFAULT_ACCESS_REVIEW_DAYS, unusedDays: DEFAULT_UNUSED_ACCOUNT_DAYS };
}

export async function viewAccessReviewSettings(services: Services, actor: Actor): Promise<AccessReviewSettings> {
  assertCan(actor, "manage", "calendar");
  return accessReviewSettings(services.db);
}

export async function updateAccessReviewSettings(services: Services, actor: Actor, input: z.input<typeof accessReviewSettingsSchema>, meta: { requestId?: string } = {}) {
  assertCan(actor, "manage", "calendar");
  const settings = accessReviewSettingsSchema.parse(input);
  assertRecentlyAuthenticated(services, actor);
  await services.db.$transaction(async (tx) => {
    for (const [key, value] of [[ACCESS_REVIEW_DAYS, settings.reviewDays], [UNUSED_ACCOUNT_DAYS, settings.unusedDays]] as const) {
      await tx.setting.upsert({ where: { key }, create: { key, value }, update: { value } });
    }
    await recordAudit(tx, actor, { action: "settings.access_review", entityType: "setting", entityId: "access", detail: settings }, meta.requestId);
  });
  return settings;
}

// ---- Who must use two-factor sign-in ----------------------------------------------------------
// Managers, chairs and administrators always do (access/second-factor.ts); this setting extends
// it to everyone who signs in with a password. Changing it is a sensitive action.
export const SECOND_FACTOR_FOR_EVERYONE = "auth.secondFactorForEveryone";
export const secondFactorPolicyInputSchema = z.object({
  everyone: z.enum(["yes", "no"], { error: "Choose whether everyone must use two-factor sign-in" }),
});

export async function secondFactorPolicy(db: Db | Tx): Promise<SecondFactorPolicy> {
  const row = await db.setting.findUnique({ where: { key: SECOND_FACTOR_FOR_EVERYONE }, select: { value: true } });
  return { everyone: row?.value === true };
}

export async function viewSecondFactorPolicy(services: Services, actor: Actor): Promise<{ everyone: "yes" | "no" }> {
  assertCan(actor, "manage", "calendar");
  return { everyone: (await secondFactorPolicy(services.db)).everyone ? "yes" : "no" };
}

export async function updateSecondFactorPolicy(services: Services, actor: Actor, input: z.input<typeof secondFactorPolicyInputSchema>, meta: { requestId?: string } = {}) {
  assertCan(actor, "manage", "calendar");
  const { everyone } = secondFactorPolicyInputSchema.parse(input);
  assertRecentlyAuthenticated(services, actor);
  const value = everyone === "yes";
  await services.db.$transaction(async (tx) => {
    await tx.setting.upsert({ where: { key: SECOND_FACTOR_FOR_EVERYONE }, create: { key: SECOND_FACTOR_FOR_EVERYONE, value }, update: { value } });
    await recordAudit(tx, actor, { action: "settings.second_factor_for_everyone", entityType: "setting", entityId: SECOND_FACTOR_FOR_EVERYONE, detail: { everyone: value } }, meta.requestId);
  });
  return { everyone };
}
