// The three core journeys by keyboard alone (issue 13): Tab and Shift+Tab to move, Enter and Space
// to act, arrow keys within a radio group, typing into the field that has focus. Setting the scene
// (convening a meeting, closing a contact) uses the ordinary helpers; the journey itself never
// clicks or fills. `tabTo` fails when a control cannot be reached by Tab within a page's length,
// which is how an unreachable control or a keyboard trap shows up here.
import { readFileSync } from "node:fs";
import type { Locator, Page } from "@playwright/test";
import { test, expect, expectAccessible, fillDateInput, ukLocalMinutesAgo, pageFor, answerConsent } from "./fixtures";

const isFocused = (target: Locator) => target.evaluate((el) => el === document.activeElement).catch(() => false);

/** Press Tab (or Shift+Tab) until `target` has focus; fail if it never does or focus stops moving. */
async function tabTo(page: Page, target: Locator, { back = false, max = 300 } = {}) {
  await target.waitFor({ state: "attached" });
  let stuck = 0;
  let last: string | null = null;
  for (let i = 0; i < max; i++) {
    if (await isFocused(target)) return;
    await page.keyboard.press(back ? "Shift+Tab" : "Tab");
    const now = await page.evaluate(() => {
      const el = document.activeElement;
      return el ? `${el.tagName}#${el.id}.${el.getAttribute("name") ?? ""}:${el.textContent?.slice(0, 40) ?? ""}` : null;
    });
    stuck = now === last ? stuck + 1 : 0;
    if (stuck >= 3) throw new Error(`Keyboard trap: focus stays on ${now} while looking for ${target}`);
    last = now;
  }
  throw new Error(`Not reachable by ${back ? "Shift+Tab" : "Tab"} within ${max} presses: ${target}`);
}

/** Within a radio group that has focus, press an arrow key until `radio` is focused (and so chosen). */
async function arrowTo(page: Page, radio: Locator, key: "ArrowDown" | "ArrowUp" = "ArrowDown") {
  for (let i = 0; i < 12 && !(await isFocused(radio)); i++) await page.keyboard.press(key);
  await expect(radio).toBeFocused();
  await expect(radio).toBeChecked();
}

/** "YYYY-MM-DDTHH:MM" (UK time) some minutes from now. */
const ukInMinutes = (minutes: number) => ukLocalMinutesAgo(-minutes);

test.afterEach(async ({ request }) => {
  await request.post("/__test/clock", { data: { reset: true } });
});

test("a partner answers a meeting invitation and joins the room by keyboard alone", async ({ browser }) => {
  test.setTimeout(120_000);
  const reference = `CSC-${String(Date.now()).slice(-7)}`;
  // The scene: the council convenes a meeting inviting the police.
  const chair = await pageFor(browser, "maria.jones@council.example.org");
  await chair.goto("/meetings/new");
  await chair.getByLabel("Case reference", { exact: true }).fill(reference);
  await fillDateInput(chair, "scheduledStart", ukInMinutes(30));
  await chair.getByLabel("Place (optional if there is a call link)").fill("MASH meeting room 1");
  await chair.getByLabel("Northshire Police (required: police)").check();
  await chair.getByLabel("Northshire Integrated Care Board (required: health)").check();
  await chair.getByRole("button", { name: "Send invitations" }).click();
  await expect(chair.getByRole("heading", { level: 1 })).toContainText(reference);
  await chair.context().close();

  // The journey: Pat finds the invitation on the home page, answers it and joins the room.
  const pat = await pageFor(browser, "pat.obrien@police.example.org");
  await expect(pat).toHaveURL(/\/work$/);
  await tabTo(pat, pat.getByRole("link", { name: `${reference} strategy meeting` }).first());
  await pat.keyboard.press("Enter");
  await expect(pat.getByRole("heading", { level: 1 })).toContainText(reference);

  const attending = pat.getByRole("radio", { name: "Attending" });
  await tabTo(pat, attending);
  await pat.keyboard.press("Space");
  await expect(attending).toBeChecked();
  // Arrow keys move the choice within the group, and back.
  await pat.keyboard.press("ArrowDown");
  await expect(pat.getByRole("radio", { name: "Sending a delegate" })).toBeChecked();
  await arrowTo(pat, attending, "ArrowUp");
  const who = pat.getByLabel("Who will attend");
  await tabTo(pat, who);
  await pat.keyboard.type("DS Dan Hughes");
  await tabTo(pat, pat.getByRole("button", { name: "Send answer" }));
  await pat.keyboard.press("Enter");
  await expect(pat.getByTestId("invitations")).toContainText("Attending");

  await tabTo(pat, pat.getByRole("button", { name: "Join the meeting room" }));
  await pat.keyboard.press("Enter");
  await expect(pat.getByTestId("room-status")).toContainText("In the meeting");
  await expect(pat.getByTestId("present")).toContainText("Pat O'Brien");
  // From the room, back to the meeting by keyboard too.
  await tabTo(pat, pat.getByRole("link", { name: "Meeting details" }), { back: true });
  await expectAccessible(pat);
});

test("a partner raises a threshold disagreement and escalates it by keyboard alone", async ({ browser }) => {
  test.setTimeout(120_000);
  const reference = `CSC-${String(Date.now()).slice(-8)}`;
  // The scene: the school's contact is closed with no further action and signed off.
  const school = await pageFor(browser, "dee.walker@riverside.example.org");
  const practitioner = await pageFor(browser, "sam.patel@council.example.org");
  const manager = await pageFor(browser, "maria.jones@council.example.org");
  await school.goto("/contacts/new");
  await school.getByLabel("Case reference").fill(reference);
  await fillDateInput(school, "receivedAt", ukLocalMinutesAgo(30));
  await school.getByLabel("Main concern").selectOption("NEGLECT");
  await school.getByLabel("3: Targeted early help").check();
  await school.getByLabel("Summary").fill("Arriving hungry and unkempt for two terms; sibling left alone.");
  await answerConsent(school);
  await school.getByRole("button", { name: "Record contact" }).click();
  await expect(school.getByRole("heading", { level: 1 })).toContainText(reference);
  const contactUrl = school.url();
  await practitioner.goto(contactUrl);
  await practitioner.getByLabel("1: Universal").check();
  await practitioner.getByLabel("No further action").check();
  await practitioner.getByLabel("Reasons for the decision").fill("Universal services can meet the needs.");
  await practitioner.getByLabel("Closure reason").fill("School to monitor.");
  await practitioner.getByRole("button", { name: "Record decision" }).click();
  await expect(practitioner.getByTestId("decision")).toContainText("No further action");
  await manager.goto(contactUrl);
  await manager.getByRole("button", { name: "Sign off this decision" }).click();
  await expect(school.getByTestId("contact-status")).toContainText("Closed");
  await practitioner.context().close();
  await manager.context().close();

  // The journey: Dee disagrees with the closure and escalates.
  await school.reload();
  await tabTo(school, school.getByRole("link", { name: "Disagree with this decision" }));
  await school.keyboard.press("Enter");
  await expect(school.getByTestId("immediate-danger")).toContainText("call 999");
  const closure = school.getByRole("radio", { name: "A closure" });
  await tabTo(school, school.locator('input[name="subject"]').first());
  await arrowTo(school, closure);
  await tabTo(school, school.getByLabel("The threshold level you believe applies (1 to 4, optional)"));
  await school.keyboard.type("3");
  await tabTo(school, school.getByLabel("The decision you believe is right"));
  await school.keyboard.type("A child-in-need assessment");
  await tabTo(school, school.getByLabel("Your reasons"));
  await school.keyboard.type("A pattern of neglect over two terms, not a single incident.");
  await tabTo(school, school.getByRole("button", { name: "Raise disagreement" }));
  await school.keyboard.press("Enter");
  await expect(school.getByTestId("disagreement-state")).toContainText("Stage 1");

  const escalateReason = school.getByLabel(/Escalate to stage 2/);
  await tabTo(school, escalateReason);
  await school.keyboard.type("The council has not engaged with the pattern of neglect: this needs line managers and the DSL.");
  await tabTo(school, school.getByRole("button", { name: "Escalate" }));
  await school.keyboard.press("Enter");
  await expect(school.getByTestId("disagreement-state")).toContainText("Stage 2");
  await expectAccessible(school);
});

test("the chair reads the figures, filters them, drills down and downloads a CSV by keyboard alone", async ({ page, signInAs }) => {
  await signInAs("partnershipChair");
  await tabTo(page, page.getByRole("link", { name: "Figures" }));
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Partnership figures");

  // Filter to the police: the select takes the typed name of the option.
  const agency = page.getByLabel("Agency", { exact: true });
  await tabTo(page, agency);
  await page.keyboard.type("Northshire Police");
  await expect(agency.locator("option:checked")).toHaveText("Northshire Police");
  await tabTo(page, page.getByRole("button", { name: "Show figures" }));
  await page.keyboard.press("Enter");
  const attendance = page.getByTestId("table-attendance");
  await expect(attendance.getByRole("row")).toHaveCount(2);
  const policeRow = attendance.getByRole("row", { name: /Northshire Police/ });
  const invited = Number(await policeRow.getByRole("cell").nth(0).innerText());

  // Download the table as CSV.
  await tabTo(page, page.getByRole("link", { name: /Download “Strategy meeting attendance by agency” as CSV/ }));
  const [download] = await Promise.all([page.waitForEvent("download"), page.keyboard.press("Enter")]);
  const csv = readFileSync(await download.path(), "utf8").trim().split("\r\n");
  expect(csv).toHaveLength(2);
  expect(csv[1]).toMatch(/^Northshire Police,/);

  // Drill down: back up the page to the invited number and follow it.
  await tabTo(page, policeRow.getByRole("link", { name: /invited: the meetings/ }), { back: true });
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Meetings the agency was invited to");
  await expect(page.getByTestId("meetings-behind").getByRole("row")).toHaveCount(Math.min(invited, 500) + 1);
});
