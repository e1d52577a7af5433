// Email goes through an outbox table, written in the same transaction as the change it tells
// about, and is sent afterwards by the outbox worker (server/mail/outbox-worker.ts).
// Emails name no child: they say what happened and link to Concord.
import type { Tx } from "../../db/connect";
import { icsDocument, icsText, icsUri } from "./icalendar";

export interface OutgoingEmail {
  to: string;
  subject: string;
  body: string;
  calendar?: string;
}

export async function enqueueEmails(tx: Tx, emails: OutgoingEmail[], now: Date): Promise<void> {
  if (emails.length === 0) return;
  await tx.outboxEmail.createMany({
    data: emails.map((email) => ({ toAddress: email.to, subject: email.subject, body: email.body, calendar: email.calendar ?? null, createdAt: now })),
  });
}

/** An iCalendar event for a meeting invitation (RFC 5545): text escaped, lines folded. */
export function meetingCalendar(meeting: { id: string; start: Date; minutes: number; location: string | null; url: string }, now: Date): string {
  const stamp = (d: Date) => d.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
  return icsDocument([
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//Concord//Strategy meetings//EN",
    "METHOD:REQUEST",
    "BEGIN:VEVENT",
    `UID:${meeting.id}@concord`,
    `DTSTAMP:${stamp(now)}`,
    `DTSTART:${stamp(meeting.start)}`,
    `DTEND:${stamp(new Date(meeting.start.getTime() + meeting.minutes * 60_000))}`,
    "SUMMARY:Strategy meeting (Concord)",
    ...(meeting.location ? [`LOCATION:${icsText(meeting.location)}`] : []),
    `URL:${icsUri(meeting.url)}`,
    `DESCRIPTION:${icsText(`Details and the meeting room: ${meeting.url}`)}`,
    "END:VEVENT",
    "END:VCALENDAR",
  ]);
}
