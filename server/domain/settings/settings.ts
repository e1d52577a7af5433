// Partnership settings that an administrator can change without a deploy.
import { z } from "zod";
import type { Db, Tx } from "../../db/connect";
import type { Services } from "../services";
import type { Actor } from "../access/actor";
import { assertCan, chairRoleOptions, meetingChairRoles, MEETING_CHAIR_ROLES } from "../access/policy";
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
  const stored = Object.fromEntries(rows.map((r) => [r.key, r.value]));
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
