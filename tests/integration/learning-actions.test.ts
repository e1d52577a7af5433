// Learning actions (issue 17, item 4; docs/decisions/0039): set by the partnership from exactly
// one source, owned by one agency, completed by that agency's managers with evidence, followed on
// the home pages. Audit findings are written straight to the database here (the audit rounds'
// own flow is tested with them).
import { beforeEach, describe, expect, it } from "vitest";
import { useHarness, DEMO, rejection } from "../support/harness";
import { demoAgencies, conveneDemoMeeting } from "../support/meetings";
import { schoolDisputesNfa, versionOf } from "../support/disagreements";
import { homeTaskCounts, homeTasks } from "../../server/domain/home/tasks";

const h = useHarness();
// Monday 23 November 2026, 09:00, before each test (the harness keeps its clock between tests).
beforeEach(() => h.clock.set("2026-11-23T09:00:00Z"));

const TEXT = { title: "Re-train MASH staff on closures", description: "Every closure records what the family was told and who will monitor." };

/** An audit round with one finding, recorded by the business manager. */
async function auditFinding() {
  const jo = await h.actor(DEMO.businessManager);
  const round = await h.db.auditRound.create({
    data: { title: "Autumn closures audit", periodStart: new Date("2026-09-01"), periodEnd: new Date("2026-10-31"), sampleRule: "NO_FURTHER_ACTION", sampleSize: 10, createdById: jo.userId, createdAt: h.clock.now() },
    select: { id: true },
  });
  return (await h.db.auditFinding.create({ data: { roundId: round.id, summary: "Police contacts closed without checking police records.", recordedById: jo.userId, recordedAt: h.clock.now() }, select: { id: true } })).id;
}

/** A disagreement resolved by agreement: the council proposes, the school accepts. */
async function resolvedDisagreement() {
  const { disagreementId, school, council } = await schoolDisputesNfa(h);
  await council.caller.disagreements.propose({ disagreementId, expectedVersion: await versionOf(h, disagreementId), outcome: "UPHELD", statement: "The decision stands; the school will monitor." });
  const proposal = await h.db.disagreementProposal.findFirstOrThrow({ where: { disagreementId }, select: { id: true } });
  await school.caller.disagreements.answer({ disagreementId, expectedVersion: await versionOf(h, disagreementId), proposalId: proposal.id, answer: "ACCEPT" });
  return disagreementId;
}

/** A strategy meeting held and ended. */
async function endedMeeting() {
  const { meetingId } = await conveneDemoMeeting(h);
  const maria = await h.caller(DEMO.councilManager);
  await maria.caller.meetings.start({ meetingId, earlyReason: "Everyone was available earlier." });
  await maria.caller.meetings.recordDecision({ meetingId, kind: "S47_JOINT", reason: "Joint enquiry." });
  await maria.caller.meetings.end({ meetingId });
  return meetingId;
}

async function policeAction(source: Record<string, string>, dueOn = "2026-12-18") {
  const agencies = await demoAgencies(h);
  const jo = await h.caller(DEMO.businessManager);
  const { learningActionId } = await jo.caller.learningActions.create({ ...source, ...TEXT, owningAgencyId: agencies.police, dueOn });
  return { learningActionId, agencies, jo };
}

describe("setting a learning action", () => {
  it("is set from each kind of source, and shows that source read-only with a link back", async () => {
    const agencies = await demoAgencies(h);
    const chris = await h.caller(DEMO.chair);
    const theme = await h.db.theme.findFirstOrThrow({ where: { active: true }, select: { id: true } });
    const sources = {
      FINDING: { findingId: await auditFinding() },
      DISAGREEMENT: { disagreementId: await resolvedDisagreement() },
      THEME: { themeId: theme.id },
      MEETING: { meetingId: await endedMeeting() },
    };
    for (const [kind, source] of Object.entries(sources)) {
      const { learningActionId } = await chris.caller.learningActions.create({ ...source, ...TEXT, owningAgencyId: agencies.police, dueOn: "2026-12-18" });
      const got = await chris.caller.learningActions.get({ learningActionId });
      expect(got.source.kind).toBe(kind);
      expect(got.source.id).toBe(Object.values(source)[0]);
      expect(got).toMatchObject({ title: TEXT.title, owningAgencyName: "Northshire Police", dueOn: "2026-12-18", state: "OPEN", overdue: false, createdByName: "Chris Morgan" });
    }
    // The chair reads disagreements, not meetings: the link back goes only where the chair may follow it.
    const list = await chris.caller.learningActions.list({});
    expect(list.total).toBe(4);
    const byKind = Object.fromEntries(await Promise.all(list.items.map(async (i) => [i.sourceKind, (await chris.caller.learningActions.get({ learningActionId: i.id })).source.href])));
    expect(byKind.DISAGREEMENT).toBe(`/disagreements/${sources.DISAGREEMENT.disagreementId}`);
    expect(byKind.MEETING).toBeNull();
    const audited = await h.db.auditEvent.count({ where: { action: "learning_action.create", entityType: "learning_action" } });
    expect(audited).toBe(4);
  });

  it("is refused with no source or two, and from an open disagreement or a meeting not yet held", async () => {
    const agencies = await demoAgencies(h);
    const jo = await h.caller(DEMO.businessManager);
    const base = { ...TEXT, owningAgencyId: agencies.police, dueOn: "2026-12-18" };
    const none = await rejection(jo.caller.learningActions.create(base));
    expect(none.code).toBe("BAD_REQUEST");
    expect(none.message).toBe("Set a learning action from one source: an audit finding, a disagreement, a theme or a strategy meeting");
    const findingId = await auditFinding();
    const theme = await h.db.theme.findFirstOrThrow({ select: { id: true } });
    const two = await rejection(jo.caller.learningActions.create({ ...base, findingId, themeId: theme.id }));
    expect(two.message).toBe(none.message);
    const { disagreementId } = await schoolDisputesNfa(h);
    const open = await rejection(jo.caller.learningActions.create({ ...base, disagreementId }));
    expect(open.message).toBe("Set a learning action from a disagreement once it is resolved.");
    const { meetingId } = await conveneDemoMeeting(h);
    const notHeld = await rejection(jo.caller.learningActions.create({ ...base, meetingId }));
    expect(notHeld.message).toBe("Set a learning action from a strategy meeting once it has ended.");
    expect(await h.db.learningAction.count()).toBe(0);
    // The database refuses two sources itself.
    const jb = await h.actor(DEMO.businessManager);
    await expect(
      h.db.learningAction.create({ data: { ...TEXT, owningAgencyId: agencies.police, dueOn: new Date("2026-12-18"), createdById: jb.userId, createdAt: h.clock.now(), auditFindingId: findingId, themeId: theme.id } }),
    ).rejects.toThrow(/learning_action_one_source_check/);
  });

  it("says what is wrong with the title, the description, the agency and the due date, and writes nothing", async () => {
    const jo = await h.caller(DEMO.businessManager);
    const findingId = await auditFinding();
    const agencies = await demoAgencies(h);
    const blank = await rejection(jo.caller.learningActions.create({ findingId, title: "  ", description: "", owningAgencyId: agencies.police, dueOn: "2026-12-18" }));
    expect(blank.message).toBe("Enter a title for the learning action");
    const noDescription = await rejection(jo.caller.learningActions.create({ findingId, title: "Train", description: " ", owningAgencyId: agencies.police, dueOn: "2026-12-18" }));
    expect(noDescription.message).toBe("Say what will change");
    const badDate = await rejection(jo.caller.learningActions.create({ findingId, ...TEXT, owningAgencyId: agencies.police, dueOn: "2026-02-30" }));
    expect(badDate.message).toBe("Enter the due date as a real date");
    // Yesterday by the test clock (23 November 2026); today itself is allowed.
    const past = await rejection(jo.caller.learningActions.create({ findingId, ...TEXT, owningAgencyId: agencies.police, dueOn: "2026-11-22" }));
    expect(past.message).toBe("The due date cannot be in the past.");
    const noAgency = await rejection(jo.caller.learningActions.create({ findingId, ...TEXT, owningAgencyId: "not-an-id", dueOn: "2026-12-18" }));
    expect(noAgency.message).toBe("Choose the agency that owns the action");
    expect(await h.db.learningAction.count()).toBe(0);
    await jo.caller.learningActions.create({ findingId, ...TEXT, owningAgencyId: agencies.police, dueOn: "2026-11-23" });
    expect(await h.db.learningAction.count()).toBe(1);
  });
});

describe("who sees and changes learning actions", () => {
  it("a police manager sees police actions only; another agency's looks missing; practitioners are refused; the scrutineer reads all and changes nothing", async () => {
    const findingId = await auditFinding();
    const { learningActionId: police, agencies, jo } = await policeAction({ findingId });
    const { learningActionId: council } = await jo.caller.learningActions.create({ findingId, ...TEXT, title: "Council closures checklist", owningAgencyId: agencies.council, dueOn: "2026-12-18" });

    const dan = await h.caller(DEMO.policeManager);
    const danList = await dan.caller.learningActions.list({ owningAgencyId: agencies.council });
    expect(danList.items.map((i) => i.id)).toEqual([police]);
    expect(danList.agencies).toEqual([]);
    const hidden = await rejection(dan.caller.learningActions.get({ learningActionId: council }));
    const random = await rejection(dan.caller.learningActions.get({ learningActionId: "6f1f7c1e-0d9a-4b2e-9a57-3d3a4c1b2e10" }));
    expect([hidden.code, hidden.message]).toEqual([random.code, random.message]);
    expect(hidden.code).toBe("NOT_FOUND");
    const completeHidden = await rejection(dan.caller.learningActions.complete({ learningActionId: council, evidence: "Done." }));
    expect(completeHidden.code).toBe("NOT_FOUND");

    for (const email of [DEMO.policePractitioner, DEMO.councilPractitioner, DEMO.schoolDsl]) {
      const p = await h.caller(email);
      expect((await rejection(p.caller.learningActions.list({}))).code).toBe("FORBIDDEN");
      expect((await rejection(p.caller.learningActions.get({ learningActionId: police }))).code).toBe("NOT_FOUND");
      expect((await rejection(p.caller.learningActions.create({ findingId, ...TEXT, owningAgencyId: agencies.police, dueOn: "2026-12-18" }))).code).toBe("FORBIDDEN");
    }

    const ann = await h.caller(DEMO.scrutineer);
    const annList = await ann.caller.learningActions.list({});
    expect(annList.items.map((i) => i.id).sort()).toEqual([police, council].sort());
    expect((await ann.caller.learningActions.get({ learningActionId: council })).abilities).toMatchObject({ canCreate: false, canComplete: false, canChangeDueDate: false });
    expect((await rejection(ann.caller.learningActions.create({ findingId, ...TEXT, owningAgencyId: agencies.police, dueOn: "2026-12-18" }))).code).toBe("FORBIDDEN");
    expect((await rejection(ann.caller.learningActions.complete({ learningActionId: police, evidence: "Seen it." }))).code).toBe("FORBIDDEN");
    expect((await rejection(ann.caller.learningActions.changeDueDate({ learningActionId: police, expectedVersion: 0, dueOn: "2027-01-10", reason: "More time." }))).code).toBe("FORBIDDEN");
    // The chair may see every action but completes none: that is the owning agency's.
    const chris = await h.caller(DEMO.chair);
    expect((await rejection(chris.caller.learningActions.complete({ learningActionId: police, evidence: "Done." }))).code).toBe("FORBIDDEN");
    expect(await h.db.learningAction.count({ where: { state: "COMPLETED" } })).toBe(0);
  });

  it("lists with filters, a title search and a total: overdue first, then soonest due, then completed", async () => {
    const findingId = await auditFinding();
    const agencies = await demoAgencies(h);
    const jo = await h.caller(DEMO.businessManager);
    const make = (title: string, dueOn: string, owningAgencyId = agencies.police) => jo.caller.learningActions.create({ findingId, ...TEXT, title, owningAgencyId, dueOn });
    const later = await make("Audit police checks again", "2027-01-29");
    const soon = await make("Brief the duty sergeants", "2026-12-04");
    const theme = await h.db.theme.findFirstOrThrow({ select: { id: true } });
    await jo.caller.learningActions.create({ themeId: theme.id, ...TEXT, title: "Health chronology template", owningAgencyId: agencies.icb, dueOn: "2026-11-30" });
    const done = await make("Closure checklist in the police system", "2026-11-27");
    const dan = await h.caller(DEMO.policeManager);
    await dan.caller.learningActions.complete({ learningActionId: done.learningActionId, evidence: "Checklist live since 25 November; screenshot in the police log 4411." });
    // Three weeks on: "Brief the duty sergeants" and the health one are overdue.
    h.clock.set("2026-12-14T09:00:00Z");
    const chris = await h.caller(DEMO.chair);
    const all = await chris.caller.learningActions.list({});
    expect(all.total).toBe(4);
    expect(all.items.map((i) => [i.title, i.overdue, i.state])).toEqual([
      ["Health chronology template", true, "OPEN"],
      ["Brief the duty sergeants", true, "OPEN"],
      ["Audit police checks again", false, "OPEN"],
      ["Closure checklist in the police system", false, "COMPLETED"],
    ]);
    expect((await chris.caller.learningActions.list({ state: "overdue" })).items.map((i) => i.id)).toHaveLength(2);
    expect((await chris.caller.learningActions.list({ state: "open" })).total).toBe(3);
    expect((await chris.caller.learningActions.list({ state: "completed" })).items.map((i) => i.id)).toEqual([done.learningActionId]);
    expect((await chris.caller.learningActions.list({ owningAgencyId: agencies.icb })).total).toBe(1);
    expect((await chris.caller.learningActions.list({ sourceKind: "THEME" })).items.map((i) => i.title)).toEqual(["Health chronology template"]);
    expect((await chris.caller.learningActions.list({ search: "DUTY serg" })).items.map((i) => i.id)).toEqual([soon.learningActionId]);
    expect((await chris.caller.learningActions.list({ search: "nothing like it" })).total).toBe(0);
    expect(later.learningActionId).toBeTruthy();
  });
});

describe("completing a learning action", () => {
  it("needs evidence from a manager of the owning agency, and the database holds the rule too", async () => {
    const { learningActionId } = await policeAction({ findingId: await auditFinding() });
    const dan = await h.caller(DEMO.policeManager);
    const blank = await rejection(dan.caller.learningActions.complete({ learningActionId, evidence: "   " }));
    expect(blank.message).toBe("Describe the evidence that the action is complete");
    const maria = await h.caller(DEMO.councilManager);
    expect((await rejection(maria.caller.learningActions.complete({ learningActionId, evidence: "Done." }))).code).toBe("NOT_FOUND");
    // Without evidence the database refuses the completion itself.
    await expect(h.db.$executeRaw`UPDATE learning_action SET state = 'COMPLETED', completed_at = now(), completed_by_id = created_by_id WHERE id = ${learningActionId}::uuid`).rejects.toThrow(/learning_action_completed_check/);
    await expect(h.db.$executeRaw`UPDATE learning_action SET state = 'COMPLETED', evidence = '  ', completed_at = now(), completed_by_id = created_by_id WHERE id = ${learningActionId}::uuid`).rejects.toThrow(/learning_action_completed_check/);
    expect((await h.db.learningAction.findUniqueOrThrow({ where: { id: learningActionId } })).state).toBe("OPEN");

    h.clock.advance(60 * 60_000);
    await dan.caller.learningActions.complete({ learningActionId, evidence: "All duty sergeants briefed on 1 December; attendance list held by the PPU." });
    const got = await dan.caller.learningActions.get({ learningActionId });
    expect(got).toMatchObject({ state: "COMPLETED", completedByName: "Dan Hughes", evidence: "All duty sergeants briefed on 1 December; attendance list held by the PPU.", completedAt: "2026-11-23T10:00:00.000Z" });
    expect(got.history.map((e) => e.what)).toEqual(["Set", "Completed"]);
    expect(got.abilities.canComplete).toBe(false);
    expect(await h.db.auditEvent.count({ where: { action: "learning_action.complete", entityId: learningActionId } })).toBe(1);
  });

  it("20 managers completing at once: one wins, the other 19 are told it is already done (409)", async () => {
    const { learningActionId } = await policeAction({ findingId: await auditFinding() });
    const callers = await Promise.all(Array.from({ length: 20 }, () => h.caller(DEMO.policeManager)));
    const results = await Promise.allSettled(callers.map((c, i) => c.caller.learningActions.complete({ learningActionId, evidence: `Evidence number ${i + 1}.` })));
    const won = results.filter((r) => r.status === "fulfilled");
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(19);
    for (const r of lost) expect([r.reason.code, r.reason.message]).toEqual(["CONFLICT", "This learning action has already been completed. Reload the page to see who completed it."]);
    expect(await h.db.auditEvent.count({ where: { action: "learning_action.complete", entityId: learningActionId } })).toBe(1);
  });

  it("the chair moves the due date with a reason, shown in the history", async () => {
    const { learningActionId } = await policeAction({ findingId: await auditFinding() });
    const chris = await h.caller(DEMO.chair);
    const noReason = await rejection(chris.caller.learningActions.changeDueDate({ learningActionId, expectedVersion: 0, dueOn: "2027-01-15", reason: "" }));
    expect(noReason.message).toBe("Say why the due date changes");
    await chris.caller.learningActions.changeDueDate({ learningActionId, expectedVersion: 0, dueOn: "2027-01-15", reason: "Training dates moved after the Christmas rota." });
    const stale = await rejection(chris.caller.learningActions.changeDueDate({ learningActionId, expectedVersion: 0, dueOn: "2027-01-22", reason: "Again." }));
    expect(stale.code).toBe("CONFLICT");
    const got = await chris.caller.learningActions.get({ learningActionId });
    expect(got.dueOn).toBe("2027-01-15");
    expect(got.history.map((e) => [e.what, e.detail])).toEqual([
      ["Set", "Due on 18 December 2026"],
      ["Due date changed", "From 18 December 2026 to 15 January 2027: Training dates moved after the Christmas rota."],
    ]);
  });
});

describe("home pages follow learning actions", () => {
  it("the chair sees overdue and due-in-4-weeks; the police manager sees his agency's; counts equal sections", async () => {
    const findingId = await auditFinding();
    const { learningActionId: overdue, agencies, jo } = await policeAction({ findingId }, "2026-11-30");
    await jo.caller.learningActions.create({ findingId, ...TEXT, title: "Council checklist", owningAgencyId: agencies.council, dueOn: "2026-12-20" });
    await jo.caller.learningActions.create({ findingId, ...TEXT, title: "Far off", owningAgencyId: agencies.police, dueOn: "2027-06-30" });
    h.clock.set("2026-12-07T09:00:00Z");
    const { services } = h.services();
    const chris = await h.actor(DEMO.chair);
    const home = await homeTasks(services, chris);
    const section = (key: string) => home.sections.find((s) => s.key === key)!;
    expect(section("learningActionsOverdue")).toMatchObject({ title: "Learning actions overdue", count: 1 });
    expect(section("learningActionsOverdue").items[0]).toMatchObject({ href: `/learning-actions/${overdue}`, overdue: true });
    expect(section("learningActionsDueSoon")).toMatchObject({ count: 1 });
    expect(section("learningActionsDueSoon").items[0]!.label).toBe("Council checklist");
    const counts = await homeTaskCounts(services, chris);
    expect(counts.learningActionsOverdue).toBe(1);
    expect(counts.learningActionsDueSoon).toBe(1);

    const dan = await h.actor(DEMO.policeManager);
    const danHome = await homeTasks(services, dan);
    const mine = danHome.sections.find((s) => s.key === "agencyLearningActions")!;
    expect(mine.items.map((i) => i.href)).toEqual([`/learning-actions/${overdue}`]);
    expect((await homeTaskCounts(services, dan)).agencyLearningActions).toBe(1);
    // Practitioners and the scrutineer have no such section.
    expect((await homeTasks(services, await h.actor(DEMO.policePractitioner))).sections.some((s) => s.key === "agencyLearningActions")).toBe(false);

    // Dan completes it: it leaves both homes.
    const danCaller = await h.caller(DEMO.policeManager);
    await danCaller.caller.learningActions.complete({ learningActionId: overdue, evidence: "Sergeants briefed; list held by the PPU." });
    expect((await homeTaskCounts(services, chris)).learningActionsOverdue).toBe(0);
    expect((await homeTaskCounts(services, dan)).agencyLearningActions).toBe(0);
  });
});
