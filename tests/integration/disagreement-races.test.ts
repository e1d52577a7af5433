// Races on one disagreement, as real parallel HTTP requests to a live server on the test
// database: exactly one wins, the other is told (409, a sentence for a person), nothing is lost
// and nothing is half-written.
import { describe, expect, it } from "vitest";
import { useHarness, DEMO } from "../support/harness";
import { useLiveServer } from "../support/live-server";
import { schoolDisputesNfa, versionOf } from "../support/disagreements";

const h = useHarness();
const live = useLiveServer(h);

type Reply = { status: number; message: string | null };
async function call(cookie: string, path: string, input: unknown): Promise<Reply> {
  const response = await live.mutate(cookie, path, input);
  const body = (await response.json()) as { error?: { message: string } };
  return { status: response.status, message: body.error?.message ?? null };
}

/** Events must be numbered 1..n with no gap or duplicate, and the version must equal n. */
async function expectIntactTimeline(disagreementId: string) {
  const seqs = (await h.db.disagreementEvent.findMany({ where: { disagreementId }, orderBy: { seq: "asc" }, select: { seq: true } })).map((e) => e.seq);
  expect(seqs).toEqual(seqs.map((_, i) => i + 1));
  expect(await versionOf(h, disagreementId)).toBe(seqs.length);
}

function oneWinner(replies: Reply[]) {
  expect(replies.map((r) => r.status).sort()).toEqual([200, 409]);
  const loser = replies.find((r) => r.status === 409)!;
  expect(loser.message).toMatch(/Someone else changed this disagreement|no longer waiting|already been answered/);
  return replies.findIndex((r) => r.status === 200);
}

describe("races", () => {
  it("a proposal on a stale version is refused; nothing of it is written", async () => {
    const { disagreementId } = await schoolDisputesNfa(h);
    const [school, council] = await Promise.all([live.signIn(DEMO.schoolDsl), live.signIn(DEMO.councilPractitioner)]);
    expect((await call(school, "disagreements.comment", { disagreementId, expectedVersion: 1, body: "Adding the school nurse's view." })).status).toBe(200);
    const stale = await call(council, "disagreements.propose", { disagreementId, expectedVersion: 1, outcome: "UPHELD", statement: "NFA stands." });
    expect(stale.status).toBe(409);
    expect(stale.message).toMatch(/Someone else changed this disagreement .*Nothing you entered was saved/);
    expect(await h.db.disagreementProposal.count({ where: { disagreementId } })).toBe(0);
    await expectIntactTimeline(disagreementId);
  });

  for (let round = 1; round <= 3; round++) {
    it(`two opposite answers to one proposal at once: exactly one stands (round ${round})`, async () => {
      const { disagreementId, council } = await schoolDisputesNfa(h);
      await council.caller.disagreements.propose({ disagreementId, expectedVersion: 1, outcome: "UPHELD", statement: "NFA stands." });
      const proposalId = (await h.db.disagreementProposal.findFirstOrThrow({ where: { disagreementId }, select: { id: true } })).id;
      // Two people of the school, both acting at stage 1, answer at the same moment.
      const [dee, ruth] = await Promise.all([live.signIn(DEMO.schoolDsl), live.signIn(DEMO.headTeacher)]);
      const replies = await Promise.all([
        call(dee, "disagreements.answer", { disagreementId, expectedVersion: 2, proposalId, answer: "ACCEPT" }),
        call(ruth, "disagreements.answer", { disagreementId, expectedVersion: 2, proposalId, answer: "DECLINE", reasons: "Not addressed." }),
      ]);
      const winner = oneWinner(replies);
      const proposal = await h.db.disagreementProposal.findUniqueOrThrow({ where: { id: proposalId }, select: { status: true } });
      const d = await h.db.disagreement.findUniqueOrThrow({ where: { id: disagreementId }, select: { status: true } });
      expect([proposal.status, d.status]).toEqual(winner === 0 ? ["ACCEPTED", "RESOLVED"] : ["DECLINED", "OPEN"]);
      await expectIntactTimeline(disagreementId);
    });

    it(`escalating while the other side accepts: exactly one happens (round ${round})`, async () => {
      const { disagreementId, council } = await schoolDisputesNfa(h);
      await council.caller.disagreements.propose({ disagreementId, expectedVersion: 1, outcome: "UPHELD", statement: "NFA stands." });
      const proposalId = (await h.db.disagreementProposal.findFirstOrThrow({ where: { disagreementId }, select: { id: true } })).id;
      const [school, manager] = await Promise.all([live.signIn(DEMO.schoolDsl), live.signIn(DEMO.councilManager)]);
      const replies = await Promise.all([
        call(school, "disagreements.answer", { disagreementId, expectedVersion: 2, proposalId, answer: "ACCEPT" }),
        call(manager, "disagreements.escalate", { disagreementId, expectedVersion: 2, reason: "Needs managers." }),
      ]);
      const winner = oneWinner(replies);
      const d = await h.db.disagreement.findUniqueOrThrow({ where: { id: disagreementId }, select: { status: true, stage: true } });
      const proposal = await h.db.disagreementProposal.findUniqueOrThrow({ where: { id: proposalId }, select: { status: true } });
      expect([d.status, d.stage, proposal.status]).toEqual(winner === 0 ? ["RESOLVED", 1, "ACCEPTED"] : ["OPEN", 2, "LAPSED"]);
      await expectIntactTimeline(disagreementId);
    });
  }

  it("both sides propose at once on the same view: one proposal waits, the other side is told", async () => {
    const { disagreementId } = await schoolDisputesNfa(h);
    const [school, council] = await Promise.all([live.signIn(DEMO.schoolDsl), live.signIn(DEMO.councilPractitioner)]);
    const replies = await Promise.all([
      call(school, "disagreements.propose", { disagreementId, expectedVersion: 1, outcome: "CHANGED", statement: "Assessment." }),
      call(council, "disagreements.propose", { disagreementId, expectedVersion: 1, outcome: "UPHELD", statement: "NFA stands." }),
    ]);
    oneWinner(replies);
    expect(await h.db.disagreementProposal.count({ where: { disagreementId, status: "PENDING" } })).toBe(1);
    await expectIntactTimeline(disagreementId);
  });

  it("the database itself refuses a second waiting proposal", async () => {
    const { disagreementId, council, school } = await schoolDisputesNfa(h);
    await council.caller.disagreements.propose({ disagreementId, expectedVersion: 1, outcome: "UPHELD", statement: "NFA stands." });
    await expect(
      h.db.disagreementProposal.create({ data: { disagreementId, stage: 1, outcome: "CHANGED", statement: "x", proposedById: school.actor!.userId, proposedByAgencyId: school.actor!.agencyId, proposedAt: h.clock.now() } }),
    ).rejects.toThrow();
  });
});
