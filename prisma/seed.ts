// Demo data: a realistic partnership with a user for every role. Seeded on the first start of
// the embedded database (or when CONCORD_DEMO_DATA=true and the database has no agencies).
// Roles and permissions are not here: they are reference data, seeded by migration.
import type { Db } from "../server/db/connect";
import type { AgencyKind } from "../server/db/generated/enums";
import type { RoleName } from "../server/domain/access/roles";
import { hashPassword } from "../server/auth/password";
import { generateActivity, DEMO_HISTORY } from "../server/db/generate-activity";
import { addCalendarDays, fromLondon, isWorkingDay, londonDate, nextWorkingDay } from "../server/domain/calendar/working-days";
import { loadBankHolidays } from "../server/domain/calendar/bank-holidays";
import { secondFactorRequired } from "../server/domain/access/second-factor";
import { seedAuditRounds } from "../server/domain/audits/demo";

export const DEMO_PASSWORD = "concord-demo-2026";

/**
 * The demo's authenticator app secret (base32), set up for every demo account that must use
 * two-factor sign-in (managers, chairs, administrators): add it to an authenticator app by hand
 * to sign in as them (README, "Two-factor sign-in"). Demo data only: a real account sets up its
 * own app at its first sign-in. Browser tests compute codes from it (tests/e2e/fixtures.ts).
 */
export const DEMO_TOTP_SECRET = "CONCORDDEMOSECRETKEY2FA234567ABC";

/** `carePlacements`: provides foster or residential care; `paediatrics`: provides paediatricians (DOMAIN.md: who attends). */
export const DEMO_AGENCIES: { key: string; name: string; kind: AgencyKind; carePlacements?: boolean; paediatrics?: boolean }[] = [
  { key: "council", name: "Northshire Council Children's Social Care", kind: "CHILDRENS_SOCIAL_CARE" },
  { key: "police", name: "Northshire Police", kind: "POLICE" },
  { key: "icb", name: "Northshire Integrated Care Board", kind: "HEALTH" },
  { key: "hospital", name: "Northshire Hospitals NHS Foundation Trust", kind: "HEALTH", paediatrics: true },
  { key: "riverside", name: "Riverside Primary School", kind: "EDUCATION" },
  { key: "hillcrest", name: "Hillcrest Academy", kind: "EDUCATION" },
  { key: "stanne", name: "St Anne's CE Primary School", kind: "EDUCATION" },
  { key: "fostering", name: "Northshire Fostering and Residential Services", kind: "OTHER", carePlacements: true },
  { key: "partnership", name: "Northshire Safeguarding Children Partnership", kind: "PARTNERSHIP" },
];

/** `lead`: a named or designated safeguarding lead; `senior`: a service or senior manager (the escalation ladder's rungs). */
export const DEMO_USERS: { email: string; displayName: string; jobTitle: string; agency: string; roles: RoleName[]; team?: string; lead?: boolean; senior?: boolean }[] = [
  { email: "sam.patel@council.example.org", displayName: "Sam Patel", jobTitle: "MASH social worker", agency: "council", roles: ["practitioner"], team: "MASH" },
  { email: "maria.jones@council.example.org", displayName: "Maria Jones", jobTitle: "MASH team manager", agency: "council", roles: ["manager"], team: "MASH" },
  { email: "olu.adeyemi@council.example.org", displayName: "Olu Adeyemi", jobTitle: "Front door service manager", agency: "council", roles: ["manager"], team: "MASH", senior: true },
  { email: "alex.kerr@council.example.org", displayName: "Alex Kerr", jobTitle: "Business support lead", agency: "council", roles: ["agency_admin"] },
  { email: "pat.obrien@police.example.org", displayName: "Pat O'Brien", jobTitle: "Detective constable, public protection unit", agency: "police", roles: ["practitioner"] },
  { email: "dan.hughes@police.example.org", displayName: "Dan Hughes", jobTitle: "Detective sergeant", agency: "police", roles: ["manager"], lead: true },
  { email: "priya.shah@police.example.org", displayName: "Priya Shah", jobTitle: "Systems administrator", agency: "police", roles: ["agency_admin"] },
  { email: "hana.ali@icb.example.org", displayName: "Hana Ali", jobTitle: "Health visitor", agency: "icb", roles: ["practitioner"] },
  { email: "grace.owen@icb.example.org", displayName: "Grace Owen", jobTitle: "Designated nurse for safeguarding", agency: "icb", roles: ["manager"], lead: true },
  { email: "nina.clarke@hospital.example.org", displayName: "Nina Clarke", jobTitle: "Named nurse for safeguarding children", agency: "hospital", roles: ["practitioner"], lead: true },
  { email: "dee.walker@riverside.example.org", displayName: "Dee Walker", jobTitle: "Designated safeguarding lead", agency: "riverside", roles: ["practitioner"], lead: true },
  { email: "ruth.evans@riverside.example.org", displayName: "Ruth Evans", jobTitle: "Head teacher", agency: "riverside", roles: ["practitioner"], senior: true },
  { email: "tom.reid@hillcrest.example.org", displayName: "Tom Reid", jobTitle: "Designated safeguarding lead", agency: "hillcrest", roles: ["practitioner"], lead: true },
  { email: "lena.brooks@fostering.example.org", displayName: "Lena Brooks", jobTitle: "Supervising social worker, fostering", agency: "fostering", roles: ["practitioner"] },
  { email: "chris.morgan@partnership.example.org", displayName: "Chris Morgan", jobTitle: "Independent partnership chair", agency: "partnership", roles: ["partnership_chair"] },
  { email: "jo.bennett@partnership.example.org", displayName: "Jo Bennett", jobTitle: "Partnership business manager", agency: "partnership", roles: ["partnership_chair", "agency_admin"] },
  { email: "it.admin@partnership.example.org", displayName: "Robin Ellis", jobTitle: "Concord system administrator", agency: "partnership", roles: ["system_admin"] },
  // Joint audit (decision 0038): each core agency's auditor, and the partnership's independent scrutineer.
  { email: "helen.price@council.example.org", displayName: "Helen Price", jobTitle: "Quality assurance lead, children's services", agency: "council", roles: ["auditor"] },
  { email: "mark.fisher@police.example.org", displayName: "Mark Fisher", jobTitle: "Detective inspector, safeguarding review", agency: "police", roles: ["auditor"] },
  { email: "priti.desai@icb.example.org", displayName: "Priti Desai", jobTitle: "Named nurse, safeguarding quality", agency: "icb", roles: ["auditor"] },
  { email: "ann.cole@partnership.example.org", displayName: "Ann Cole", jobTitle: "Independent scrutineer", agency: "partnership", roles: ["scrutineer"] },
];

/**
 * Seed the demo partnership if the database has no agencies yet. Returns true if it seeded.
 * With `history`, a year of generated activity (contacts, meetings, disagreements) is added so
 * the figures have something to show; tests seed without it, to start from a known state.
 */
/** 9:40am on the latest weekday morning at or before `now` (London time is close enough for demo data). */
function lastWorkingMorning(now: Date): Date {
  const day = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), 9, 40));
  if (day > now) day.setUTCDate(day.getUTCDate() - 1);
  while (day.getUTCDay() === 0 || day.getUTCDay() === 6) day.setUTCDate(day.getUTCDate() - 1);
  return day;
}

export async function seedDemoData(db: Db, options: { history?: boolean } = {}): Promise<boolean> {
  if ((await db.agency.count()) > 0) return false;
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await db.$transaction(async (tx) => {
    const roles = new Map((await tx.role.findMany({ select: { id: true, name: true } })).map((r) => [r.name, r.id]));
    const agencies = new Map<string, string>();
    for (const agency of DEMO_AGENCIES) {
      const created = await tx.agency.create({ data: { name: agency.name, kind: agency.kind, providesCarePlacements: agency.carePlacements ?? false, providesPaediatrics: agency.paediatrics ?? false }, select: { id: true } });
      agencies.set(agency.key, created.id);
    }
    for (const user of DEMO_USERS) {
      await tx.user.create({
        data: {
          email: user.email,
          displayName: user.displayName,
          jobTitle: user.jobTitle,
          team: user.team ?? null,
          designatedLead: user.lead ?? false,
          seniorManager: user.senior ?? false,
          agencyId: agencies.get(user.agency)!,
          passwordHash,
          roles: { create: user.roles.map((name) => ({ roleId: roles.get(name)! })) },
          ...(secondFactorRequired(user, { everyone: false }) ? { totpCredential: { create: { secret: DEMO_TOTP_SECRET, enrolledAt: new Date() } } } : {}),
        },
      });
    }
    // One request waiting at the front door: the police ask after a domestic abuse call-out.
    const userId = async (email: string) => (await tx.user.findUniqueOrThrow({ where: { email }, select: { id: true } })).id;
    await tx.strategyDiscussionRequest.create({
      data: {
        requestingAgencyId: agencies.get("police")!,
        requestedById: await userId("pat.obrien@police.example.org"),
        backedById: await userId("dan.hughes@police.example.org"),
        requestedAt: lastWorkingMorning(new Date()),
        partnerReference: "NP/26/118243",
        childInitials: "K.M.",
        childYearOfBirth: 2015,
        urgency: "URGENT",
        reason:
          "Officers attended a domestic abuse incident at the family home overnight. K. (11) was present and has a bruise to the upper arm she says happened at school; her mother's partner was arrested and released on bail to an address two streets away. We need to agree today whether a section 47 enquiry is needed and who speaks to K.",
      },
    });
    // Each agency's managers confirmed who needs access when the partnership went live (the
    // access review, every 90 days); the partnership-wide hold (IICSA) stands, as it does by default.
    const reviewedAt = new Date();
    for (const agency of DEMO_AGENCIES) {
      const reviewer = DEMO_USERS.find((u) => u.agency === agency.key && (u.roles.includes("manager") || u.roles.includes("agency_admin")));
      if (!reviewer) continue;
      const confirmed = DEMO_USERS.filter((u) => u.agency === agency.key).length;
      await tx.accessReview.create({ data: { agencyId: agencies.get(agency.key)!, reviewedById: await userId(reviewer.email), reviewedAt, confirmed, deactivated: 0 } });
    }
    await tx.setting.upsert({ where: { key: "retention.partnershipHold" }, create: { key: "retention.partnershipHold", value: true }, update: {} });
    await tx.auditEvent.create({ data: { action: "system.seed_demo_data", entityType: "system", detail: { agencies: DEMO_AGENCIES.length, users: DEMO_USERS.length } } });
  });
  if (options.history) {
    const until = new Date();
    await generateActivity(db, { ...DEMO_HISTORY, until });
    await seedHouseholdMeeting(db, until);
    await seedAuditRounds(db, until);
  }
  return true;
}

/**
 * One household meeting to show: two brothers at Riverside Primary, discussed on the last working
 * day at 10am after the elder disclosed being hit at home. The elder has a joint section 47
 * enquiry (so the conference clock runs); the younger a child-in-need assessment. The minutes are
 * out; the enquiry's outcome is not recorded yet, so the demo can record it.
 */
export async function seedHouseholdMeeting(db: Db, now: Date) {
  const holidays = await loadBankHolidays(db);
  let day = addCalendarDays(londonDate(now), -1);
  while (!isWorkingDay(day, holidays)) day = addCalendarDays(day, -1);
  const at = (hour: number, minute = 0) => fromLondon(day, { hour, minute, second: 0, millisecond: 0 });
  const user = async (email: string) => db.user.findUniqueOrThrow({ where: { email }, select: { id: true, agencyId: true, displayName: true } });
  const sam = await user("sam.patel@council.example.org");
  const maria = await user("maria.jones@council.example.org");
  const pat = await user("pat.obrien@police.example.org");
  const hana = await user("hana.ali@icb.example.org");
  const dee = await user("dee.walker@riverside.example.org");
  await db.$transaction(async (tx) => {
    const elder = await tx.childCase.create({ data: { reference: "CSC-204118", initials: "LM", yearOfBirth: 2016, createdAt: at(8, 40) }, select: { id: true } });
    const younger = await tx.childCase.create({ data: { reference: "CSC-204119", initials: "JM", yearOfBirth: 2019, createdAt: at(8, 40) }, select: { id: true } });
    const meeting = await tx.strategyMeeting.create({
      data: {
        caseId: elder.id,
        urgency: "URGENT",
        decisionAt: at(8, 45),
        dueBy: fromLondon(nextWorkingDay(day, holidays)),
        scheduledStart: at(10),
        location: "MASH meeting room 2",
        callLink: "https://meet.example.org/northshire-mash-strategy",
        chairId: maria.id,
        convenedById: sam.id,
        convenedAt: at(8, 50),
        status: "CLOSED",
        summary: "LM (9) told his class teacher that his stepfather hit him with a belt; bruising to his upper arm was seen. JM (6) lives in the same household and was not seen at school today.",
        startedAt: at(10, 2),
        endedAt: at(10, 50),
        minutes: "Present: council social care (chair), police public protection unit, health visitor. Apologies: Riverside Primary (written contribution received).\nLM: joint section 47 enquiry with police; visit and ABE interview to be arranged today.\nJM: child-in-need assessment; the health visitor to share recent contacts.",
        minutesDraftedAt: at(14, 30),
        minutesApprovedById: maria.id,
        minutesCirculatedAt: at(14, 45),
        version: 0,
        invitations: {
          create: [
            { agencyId: sam.agencyId, required: true, convening: true, invitedAt: at(8, 50), attendedAt: at(10, 2) },
            { agencyId: pat.agencyId, required: true, invitedAt: at(8, 50), attendedAt: at(10, 3), currentResponse: "ATTENDING" },
            { agencyId: hana.agencyId, required: true, invitedAt: at(8, 50), attendedAt: at(10, 4), currentResponse: "ATTENDING" },
            {
              agencyId: dee.agencyId,
              required: false,
              invitedAt: at(8, 50),
              currentResponse: "WRITTEN_CONTRIBUTION",
              responses: { create: [{ kind: "WRITTEN_CONTRIBUTION", contribution: "LM's attendance is 91% this year. He has been withdrawn since October half term and flinched when a teaching assistant raised her voice. JM is in Year 1 and was absent today without a reason given.", respondedById: dee.id, respondedAt: at(9, 20) }] },
            },
          ],
        },
        attendances: {
          create: [
            { agencyId: sam.agencyId, userId: maria.id, name: maria.displayName, joinedAt: at(10, 2), leftAt: at(10, 50) },
            { agencyId: pat.agencyId, userId: pat.id, name: pat.displayName, joinedAt: at(10, 3), leftAt: at(10, 50) },
            { agencyId: hana.agencyId, userId: hana.id, name: hana.displayName, joinedAt: at(10, 4), leftAt: at(10, 50) },
          ],
        },
      },
      select: { id: true },
    });
    const lead = await tx.meetingChild.create({ data: { meetingId: meeting.id, caseId: elder.id, initials: "LM", yearOfBirth: 2016, position: 0 }, select: { id: true } });
    const sibling = await tx.meetingChild.create({ data: { meetingId: meeting.id, caseId: younger.id, initials: "JM", yearOfBirth: 2019, position: 1 }, select: { id: true } });
    await tx.meetingDecision.createMany({
      data: [
        { meetingId: meeting.id, childId: lead.id, kind: "S47_JOINT", reason: "Disclosure of physical chastisement with an implement and visible injury: reasonable cause to suspect significant harm.", recordedById: maria.id, recordedAt: at(10, 40) },
        { meetingId: meeting.id, childId: sibling.id, kind: "S17_ASSESSMENT", reason: "Lives in the same household; no disclosure or injury, but needs assessed alongside his brother's enquiry.", recordedById: maria.id, recordedAt: at(10, 44) },
      ],
    });
  });
}
