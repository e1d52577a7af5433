// What the meeting room's live region says (decision 0022), and times written the GOV.UK way.
import { describe, expect, it } from "vitest";
import { roomAnnouncements } from "../../server/domain/meetings/announcements";
import { formatUkDateTime, formatUkTime } from "../../server/domain/calendar/uk-time";
import { composeInvitationEmail } from "../../server/domain/meetings/invitation-email";

const pat = { name: "Pat O'Brien", agencyId: "police", agencyName: "Northshire Police" };
const maria = { name: "Maria Jones", agencyId: "council", agencyName: "Northshire Council Children's Social Care" };
const empty = { status: "SCHEDULED" as const, startedAt: null, present: [maria], decisions: [], actions: [] };

describe("room announcements", () => {
  it("says who joined and left, with their agency, once per person", () => {
    expect(roomAnnouncements(empty, { ...empty, present: [maria, pat] })).toEqual(["Pat O'Brien (Northshire Police) joined"]);
    // A second device: the same person, nothing to say.
    expect(roomAnnouncements({ ...empty, present: [maria, pat] }, { ...empty, present: [maria, pat, pat] })).toEqual([]);
    expect(roomAnnouncements({ ...empty, present: [maria, pat] }, empty)).toEqual(["Pat O'Brien (Northshire Police) left"]);
  });

  it("says the start, decisions, actions and the end (not everyone leaving at the end)", () => {
    const started = { ...empty, present: [maria, pat], startedAt: "2026-11-23T14:00:00Z" };
    expect(roomAnnouncements({ ...empty, present: [maria, pat] }, started)).toEqual(["The chair started the meeting"]);
    const decided = { ...started, decisions: [{ id: "d1", kind: "S47_JOINT" as const }], actions: [{ id: "a1", description: "Share previous callouts", owningAgencyName: "Northshire Police", completedAt: null }] };
    expect(roomAnnouncements(started, decided)).toEqual(["Decision recorded: Section 47 enquiry (joint with police)", "Action added for Northshire Police: Share previous callouts"]);
    expect(roomAnnouncements(decided, { ...decided, status: "CLOSED", present: [] })).toEqual(["The chair ended the meeting"]);
  });
});

describe("UK times", () => {
  it("writes the weekday, date and time as GOV.UK does, in UK time across the clock change", () => {
    expect(formatUkDateTime("2026-11-24T14:30:00Z")).toBe("Tuesday 24 November 2026, 2:30pm");
    expect(formatUkDateTime("2026-07-14T13:30:00Z")).toBe("Tuesday 14 July 2026, 2:30pm");
    expect(formatUkTime("2026-11-24T09:00:00Z")).toBe("9am");
    expect(formatUkTime("2026-11-24T12:00:00Z")).toBe("midday");
    expect(formatUkTime("2026-11-24T00:00:00Z")).toBe("midnight");
  });

  it("the invitation email says the meeting's time in UK time, and puts the call link on its own line", () => {
    const { subject, body } = composeInvitationEmail({
      urgency: "STANDARD",
      scheduledStart: new Date("2026-07-14T13:30:00Z"),
      location: null,
      callLink: "https://meet.example.org/strategy-7f3a",
      chairName: "Maria Jones",
      convenerAgencyName: "Northshire Council Children's Social Care",
      url: "https://concord.example.org/meetings/m1",
      brief: { concern: "Neglect", level: "Level 4: Statutory", decidedAt: "2026-07-14T08:00:00Z" },
    });
    expect(subject).toBe("Strategy meeting invitation, Tuesday 14 July 2026, 2:30pm");
    expect(body).toContain("When: Tuesday 14 July 2026, 2:30pm (UK time)");
    expect(body.split("\n")).toEqual(expect.arrayContaining(["Join the call:", "https://meet.example.org/strategy-7f3a", "Main concern: Neglect"]));
  });
});
