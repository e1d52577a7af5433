// Home is a task list: each person lands on their work, and the counts follow new work live.
import type { Page } from "@playwright/test";
import { test, expect, expectAccessible, pageFor } from "./fixtures";

/** A number shown on the page. */
async function numberIn(page: Page, testId: string) {
  return Number((await page.getByTestId(testId).first().textContent())?.match(/\d+/)?.[0]);
}

test("each role's home lists its work on the demo data", async ({ browser }) => {
  const cases: [string, string, string[]][] = [
    ["sam.patel@council.example.org", "/work", ["Contacts awaiting a decision", "Decisions that need a strategy discussion but have no meeting", "Requests for strategy discussions", "Meetings today and this week"]],
    ["maria.jones@council.example.org", "/team", ["Decisions awaiting your sign-off", "Contacts awaiting a decision", "Requests for strategy discussions", "Your team's overdue work"]],
    ["dan.hughes@police.example.org", "/team", ["Your team's overdue work", "Your agency's actions due this week or overdue"]],
    ["pat.obrien@police.example.org", "/work", ["Invitations to answer", "Your agency's actions due this week or overdue", "Disagreements waiting for you", "New decisions on your agency's contacts"]],
    ["chris.morgan@partnership.example.org", "/partnership", ["Disagreements overdue or at the partnership's stage", "Minutes overdue"]],
    ["priya.shah@police.example.org", "/administration", ["Invitations not yet accepted", "Accounts not used for 76 days"]],
  ];
  for (const [email, landing, sections] of cases) {
    const page = await pageFor(browser, email);
    await expect(page).toHaveURL(new RegExp(`${landing}$`));
    for (const title of sections) await expect(page.getByRole("heading", { level: 2, name: new RegExp(`^${title.replace(/[()]/g, "\\$&")}`) })).toBeVisible();
    await expectAccessible(page);
    await page.context().close();
  }
});

test("a new contact appears on the front door's home and in its navigation count without a reload", async ({ browser }) => {
  const sam = await pageFor(browser, "sam.patel@council.example.org");
  const pat = await pageFor(browser, "pat.obrien@police.example.org");
  await expect(sam).toHaveURL(/\/work$/);
  const before = await numberIn(sam, "count-contactsAwaitingDecision");
  const navBefore = await numberIn(sam, "nav-task-count");
  expect(navBefore).toBeGreaterThanOrEqual(before);

  // The police record a contact (through the API, as the contact form does).
  const reference = `PPU/2026/${String(Date.now()).slice(-6)}`;
  const status = await pat.evaluate(async (ref) => {
    const response = await fetch("/trpc/contacts.record", {
      method: "POST",
      headers: { "content-type": "application/json" },
      credentials: "same-origin",
      body: JSON.stringify({ referrerReference: ref, receivedAt: new Date().toISOString(), familyKnows: true, familyConsents: true, concernCategory: "NEGLECT", referrerLevel: 3, summary: "Child arriving at school hungry and in the same clothes all week; parent not answering calls." }),
    });
    return response.status;
  }, reference);
  expect(status).toBe(200);

  await expect(sam.getByTestId("count-contactsAwaitingDecision")).toHaveText(String(before + 1));
  await expect(sam.getByTestId("nav-task-count")).toContainText(String(navBefore + 1));
});

test("a partner's request for a strategy discussion appears on the front door's home without a reload", async ({ browser }) => {
  const sam = await pageFor(browser, "sam.patel@council.example.org");
  const dee = await pageFor(browser, "dee.walker@riverside.example.org");
  await expect(sam).toHaveURL(/\/work$/);
  const before = await numberIn(sam, "count-discussionRequests");
  const navBefore = await numberIn(sam, "nav-task-count");

  // Riverside's designated lead asks (through the API, as the request form does).
  const reference = `RPS/${String(Date.now()).slice(-5)}`;
  const status = await dee.evaluate(async (ref) => {
    const response = await fetch("/trpc/discussionRequests.create", {
      method: "POST",
      headers: { "content-type": "application/json" },
      credentials: "same-origin",
      body: JSON.stringify({ partnerReference: ref, initials: "JD", yearOfBirth: 2017, urgency: "URGENT", reason: "J. told her teacher this morning that her stepfather hit her with a belt last night; there is a red mark on her forearm." }),
    });
    return response.status;
  }, reference);
  expect(status).toBe(200);

  await expect(sam.getByTestId("count-discussionRequests")).toHaveText(String(before + 1));
  await expect(sam.getByRole("link", { name: `${reference} from Riverside Primary School` })).toBeVisible();
  await expect(sam.getByTestId("nav-task-count")).toContainText(String(navBefore + 1));
});
