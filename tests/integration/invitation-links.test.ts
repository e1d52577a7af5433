// An invitation link sets a password: over the real HTTP door it appears in no response and no
// log line, only in the email to the invited address (decision 0013).
import { afterEach, describe, expect, it, vi } from "vitest";
import { useHarness, DEMO } from "../support/harness";
import { useLiveServer } from "../support/live-server";
import { logger } from "../../server/logger";

const h = useHarness();
const live = useLiveServer(h);

afterEach(() => {
  vi.restoreAllMocks();
});

describe("invitation links", () => {
  it("reach only the invited address's email: not the API response, not the request log", async () => {
    const logged: unknown[] = [];
    vi.spyOn(logger, "info").mockImplementation(((entry: unknown) => void logged.push(entry)) as never);
    const cookie = await live.signIn(DEMO.systemAdmin);
    const police = await h.db.agency.findFirstOrThrow({ where: { kind: "POLICE" }, select: { id: true } });
    const response = await live.mutate(cookie, "users.invite", { email: "links@police.example.org", displayName: "Link Test", roles: ["agency_admin"], agencyId: police.id });
    expect(response.status).toBe(200);
    const answer = await response.text();

    const mail = await h.db.outboxEmail.findFirstOrThrow({ where: { toAddress: "links@police.example.org" }, select: { body: true } });
    const token = mail.body.match(/\/invitations\/([A-Za-z0-9_-]{20,})/)![1]!;
    expect(answer).not.toContain(token);

    await fetch(`${live.base}/invitations/${token}`);
    const list = await fetch(`${live.base}/trpc/users.list?input=${encodeURIComponent("{}")}`, { headers: { cookie } });
    expect(await list.text()).not.toContain(token);
    expect(logged.some((entry) => JSON.stringify(entry).includes("/invitations/"))).toBe(true); // the visit was logged...
    expect(JSON.stringify(logged)).not.toContain(token); // ...without the token
  });
});
