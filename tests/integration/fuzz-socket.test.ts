// Property-based fuzzing of every Socket.IO client event (read from clientPayloadSchemas, so a
// new event is fuzzed automatically) over real sockets. For every payload: the acknowledgement
// comes, is never INTERNAL, carries a message written for a person when it refuses, the
// connection stays up, and a refusal changes nothing in the database.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { clientPayloadSchemas, type Ack } from "../../server/realtime/events";
import { useHarness, DEMO } from "../support/harness";
import { useLiveServer, connected, type ClientSocket } from "../support/live-server";
import { databaseFingerprint, expectWrittenForAPerson } from "../support/input";
import { buildFuzzWorld, FUZZ_RUNS, FUZZ_SEED, inputsFor } from "../support/fuzz";

const h = useHarness();
const live = useLiveServer(h);

/** The tRPC procedure taking the same input, whose known-good input seeds the event's. */
const SAME_INPUT_AS: Record<string, string> = {
  "meeting:mark-present": "meetings.markPresent",
  "meeting:update-summary": "meetings.updateSummary",
  "meeting:record-decision": "meetings.recordDecision",
  "meeting:add-action": "meetings.addAction",
};

const events = Object.keys(clientPayloadSchemas) as (keyof typeof clientPayloadSchemas)[];

describe("fuzzing every socket event", () => {
  it("never drops the connection, never answers INTERNAL or a default message, and a refusal changes nothing", { timeout: 300_000 }, async () => {
    const world = await buildFuzzWorld(h);
    // The meeting's chair, and a partner agency invited to it.
    const sockets: [string, ClientSocket][] = [];
    for (const person of [DEMO.councilManager, DEMO.policePractitioner]) {
      const socket = live.open(await live.signIn(person));
      await connected(socket);
      sockets.push([person, socket]);
    }
    for (const event of events) {
      const seedFrom = SAME_INPUT_AS[event];
      const seed = seedFrom ? world.seeds[seedFrom] : { meetingId: world.meetingId, lastSeq: 0 };
      for (const [person, socket] of sockets) {
        let before = await databaseFingerprint(h.db);
        await fc.assert(
          fc.asyncProperty(inputsFor(clientPayloadSchemas[event], world.ids, seed), async (payload) => {
            const context = `${event} as ${person} with ${JSON.stringify(payload)?.slice(0, 300)}`;
            const reply = (await (socket.timeout(10_000).emitWithAck as (e: string, p: unknown) => Promise<Ack<unknown>>)(event, payload)) as Ack<unknown>;
            expect(socket.connected, `the connection dropped: ${context}`).toBe(true);
            const after = await databaseFingerprint(h.db);
            if ("error" in reply) {
              expect(reply.error.code, context).not.toBe("INTERNAL");
              expectWrittenForAPerson(reply.error.message, context);
              expect(after, `a refused message changed the database: ${context}`).toEqual(before);
            } else {
              expect(reply, context).toHaveProperty("data");
            }
            before = after;
          }),
          { numRuns: FUZZ_RUNS * 4, seed: FUZZ_SEED },
        );
      }
    }
  });

  it("answers payloads that are not objects at all, and messages sent without an acknowledgement", { timeout: 60_000 }, async () => {
    const socket = live.open(await live.signIn(DEMO.councilManager));
    await connected(socket);
    const before = await databaseFingerprint(h.db);
    for (const event of events) {
      for (const payload of [undefined, null, 42, "text", [1, 2], Buffer.from([0, 1, 2])]) {
        const reply = (await (socket.timeout(10_000).emitWithAck as (e: string, p: unknown) => Promise<Ack<unknown>>)(event, payload)) as Ack<unknown>;
        if ("error" in reply) expectWrittenForAPerson(reply.error.message, `${event} with ${String(payload)}`);
      }
      (socket.emit as (e: string, p: unknown) => void)(event, { meetingId: "\u0000" });
    }
    expect(socket.connected).toBe(true);
    expect(await socket.emitWithAck("session:whoami", {})).toMatchObject({ data: { displayName: "Maria Jones" } });
    expect(await databaseFingerprint(h.db)).toEqual(before);
  });
});
