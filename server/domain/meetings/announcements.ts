// What the live room says to screen-reader users when the meeting changes: short sentences for a
// polite live region, worked out by comparing the room's state before and after an update (so a
// person on a second device does not "join" twice, and nothing is said twice after a reconnect).
// Pure: the room page runs it in the browser.
import { MEETING_DECISION_LABELS } from "./labels";

interface RoomState {
  status: "SCHEDULED" | "CLOSED";
  startedAt: string | null;
  present: { name: string; agencyId: string; agencyName: string }[];
  decisions: { id: string; kind: keyof typeof MEETING_DECISION_LABELS }[];
  actions: { id: string; description: string; owningAgencyName: string; completedAt: string | null }[];
}

const personKey = (p: { name: string; agencyId: string }) => `${p.agencyId}:${p.name}`;

export function roomAnnouncements(before: RoomState, after: RoomState): string[] {
  const said: string[] = [];
  if (!before.startedAt && after.startedAt) said.push("The chair started the meeting");
  const wasPresent = new Set(before.present.map(personKey));
  const isPresent = new Set(after.present.map(personKey));
  for (const p of after.present) if (!wasPresent.has(personKey(p))) said.push(`${p.name} (${p.agencyName}) joined`);
  // Ending the meeting ends everyone's attendance: that is one announcement, not one per person.
  if (after.status === "CLOSED") {
    if (before.status !== "CLOSED") said.push("The chair ended the meeting");
  } else {
    for (const p of before.present) if (!isPresent.has(personKey(p))) said.push(`${p.name} (${p.agencyName}) left`);
  }
  const decided = new Set(before.decisions.map((d) => d.id));
  for (const d of after.decisions) if (!decided.has(d.id)) said.push(`Decision recorded: ${MEETING_DECISION_LABELS[d.kind]}`);
  const known = new Map(before.actions.map((a) => [a.id, a]));
  for (const a of after.actions) {
    const was = known.get(a.id);
    if (!was) said.push(`Action added for ${a.owningAgencyName}: ${a.description}`);
    else if (!was.completedAt && a.completedAt) said.push(`Action done: ${a.description}`);
  }
  return said;
}
