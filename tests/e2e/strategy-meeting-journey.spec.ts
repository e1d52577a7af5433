// Issue #12, "Done when": a strategy meeting as it really runs, end to end. A school's designated
// lead asks for a discussion about two siblings; the council's front door convenes it from the
// request with a council manager as chair, adding the second child; police and health join (health
// on two devices, shown once), the school sends apologies; the chair starts it, decides for each
// child, ends it, drafts the minutes and approves them the next working day (the server's test
// clock moves forward); the police see the conference due date for the first child and, once the
// council records it, the enquiry's outcome.
import type { Page } from "@playwright/test";
import { test, expect, expectAccessible, pageFor } from "./fixtures";

function londonParts(at: Date) {
  return Object.fromEntries(
    new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", weekday: "short", hourCycle: "h23" })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
}

/** "YYYY-MM-DDTHH:MM" in UK time, some minutes from now. */
function ukInMinutes(minutes: number) {
  const p = londonParts(new Date(Date.now() + minutes * 60_000));
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}

/**
 * Fill a date (and time) field named `name` whichever way the form asks for it: one native
 * input (datetime-local or date), or the GOV.UK date input (day, month, year, and time).
 */
async function fillDateField(page: Page, name: string, value: string) {
  const [date, time] = value.split("T") as [string, string | undefined];
  const native = page.locator(`input[name="${name}"]`);
  if ((await native.count()) > 0) {
    const type = await native.getAttribute("type");
    await native.fill(type === "date" ? date : value);
    return;
  }
  const [year, month, day] = date.split("-") as [string, string, string];
  await page.locator(`input[name="${name}-day"]`).fill(String(Number(day)));
  await page.locator(`input[name="${name}-month"]`).fill(String(Number(month)));
  await page.locator(`input[name="${name}-year"]`).fill(year);
  if (time !== undefined && (await page.locator(`input[name="${name}-time"]`).count()) > 0) await page.locator(`input[name="${name}-time"]`).fill(time);
}

/** England and Wales bank holidays this test could meet around its run (the demo data has the full list). */
const BANK_HOLIDAYS = new Set(["2026-12-25", "2026-12-28", "2027-01-01", "2027-03-26", "2027-03-29", "2027-05-03", "2027-05-31", "2027-08-30", "2027-12-27", "2027-12-28"]);

/** Hours from now to 9am (UK time) on the next working day. */
function hoursToNextWorkingMorning(): number {
  for (let days = 1; days < 10; days++) {
    const noon = new Date(Date.now() + days * 86_400_000);
    const p = londonParts(noon);
    if (p.weekday === "Sat" || p.weekday === "Sun" || BANK_HOLIDAYS.has(`${p.year}-${p.month}-${p.day}`)) continue;
    // 9am UK on that date: 9:00 UTC, less an hour in British Summer Time.
    const nineUtc = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), 9, 0);
    const offsetHours = Number(londonParts(new Date(nineUtc)).hour) - 9;
    return (nineUtc - offsetHours * 3_600_000 - Date.now()) / 3_600_000;
  }
  throw new Error("no working day within ten days");
}

/** Choose the child in the room's decision form by its case reference, whatever else its label says. */
async function chooseChild(chair: Page, caseReference: string) {
  const value = await chair.locator("#decision-child option", { hasText: caseReference }).getAttribute("value");
  await chair.getByLabel("Child", { exact: true }).selectOption(value!);
}

test.afterEach(async ({ request }) => {
  await request.post("/__test/clock", { data: { reset: true } });
});

test("a school asks for a strategy discussion about two siblings; it is convened, held, decided per child, minuted the next working day, and followed to conference", async ({ browser, request }) => {
  test.setTimeout(180_000);
  const dsl = await pageFor(browser, "dee.walker@riverside.example.org");
  const council = await pageFor(browser, "sam.patel@council.example.org");
  const serial = String(Date.now()).slice(-6);
  const schoolReference = `RPS/${serial}`;
  const elder = `CSC-5${serial}`;
  const younger = `CSC-6${serial}`;
  const reason = "T. (Year 5) told her teacher that her stepfather hit her with a belt last night and that her brother, aged four, was in the room; there is a red mark on her forearm.";

  // The school's designated lead asks, from the service navigation.
  await dsl.getByRole("link", { name: "Requests", exact: true }).click();
  await expect(dsl.getByRole("heading", { level: 1 })).toHaveText("Requests for a strategy discussion");
  await dsl.getByRole("button", { name: "Request a strategy discussion" }).click();
  await dsl.getByLabel("Your agency's reference for the child").fill(schoolReference);
  await dsl.getByLabel("Child's initials (optional)").fill("TW");
  await dsl.getByLabel("Child's year of birth (optional)").fill("2016");
  await dsl.getByLabel("Urgent").check();
  await dsl.getByLabel("Why a strategy discussion is needed").fill(reason);
  await dsl.getByRole("button", { name: "Send the request" }).click();
  await expect(dsl.getByRole("heading", { level: 1 })).toContainText(schoolReference);
  await expect(dsl.getByTestId("request-answer")).toContainText("Waiting for the council");

  // The front door finds it from its navigation and convenes it: Maria Jones chairs; the younger brother is added.
  await council.getByRole("link", { name: "Requests", exact: true }).click();
  await council.getByRole("searchbox", { name: "Search requests by reference" }).fill(schoolReference);
  await council.getByRole("button", { name: "Search" }).click();
  await expect(council.getByTestId("list-count")).toHaveText("Showing 1 to 1 of 1 request");
  await council.getByRole("link", { name: new RegExp(schoolReference.replace("/", "\\/")) }).click();
  await council.getByRole("button", { name: "Convene a strategy meeting" }).click();
  await expect(council.getByTestId("from-request")).toContainText(schoolReference);
  await expect(council.getByLabel("Urgent")).toBeChecked();
  await council.getByLabel("Case reference", { exact: true }).fill(elder);
  await council.getByText("Add another child in the same household").click();
  await council.getByLabel("Case reference of child 2").fill(younger);
  await council.getByLabel("Year of birth of child 2 (optional)").fill("2022");
  await fillDateField(council, "scheduledStart", ukInMinutes(45));
  await council.getByLabel("Call link (optional)").fill("https://meet.example.org/riverside-household");
  await council.getByLabel("Chair (a council manager)").selectOption({ label: "Maria Jones, MASH team manager" });
  await expect(council.getByLabel("Riverside Primary School (suggested: referring agency and the child's school)")).toBeChecked();
  await council.getByLabel("Northshire Police (required: police)").check();
  await council.getByLabel("Northshire Integrated Care Board (required: health)").check();
  await council.getByRole("button", { name: "Send invitations" }).click();
  await expect(council.getByRole("heading", { level: 1 })).toContainText(`${elder}, ${younger}`);
  await expect(council.getByTestId("meeting-from-request")).toContainText("Riverside Primary School");
  const meetingUrl = council.url();
  await expect(dsl.getByTestId("request-answer")).toContainText("Meeting convened");

  // The police read why it is held: the school's reasons, on the page (the email gives only when it was asked).
  const police = await pageFor(browser, "pat.obrien@police.example.org");
  await police.goto(meetingUrl);
  await expect(police.getByTestId("request-reasons")).toContainText("hit her with a belt");
  const invitation = await (await request.get(`/__test/last-email?to=${encodeURIComponent("dan.hughes@police.example.org")}`)).json();
  expect(invitation.body).toContain("a partner agency asked for a strategy discussion");
  expect(invitation.body).not.toContain("belt");
  expect(invitation.body).not.toContain(elder);

  // The school cannot come: apologies with the reason.
  await dsl.goto(meetingUrl);
  await dsl.getByLabel("Apologies", { exact: true }).check();
  await dsl.getByLabel("Why your agency cannot attend").fill("Teaching all day; the DSL's written account of the disclosure is attached to the request.");
  await dsl.getByRole("button", { name: "Send answer" }).click();
  await expect(dsl.getByTestId("invitations")).toContainText("Apologies");

  // The chair, the police and health (on two devices) are in the room; health is shown once.
  const chair = await pageFor(browser, "maria.jones@council.example.org");
  await chair.goto(`${meetingUrl}/room`);
  await expect(chair.getByTestId("room-status")).toContainText("In the meeting");
  await police.getByRole("button", { name: "Join the meeting room" }).click();
  await expect(police.getByTestId("room-status")).toContainText("In the meeting");
  const health = await pageFor(browser, "hana.ali@icb.example.org");
  await health.goto(`${meetingUrl}/room`);
  await expect(health.getByTestId("room-status")).toContainText("In the meeting");
  const healthTablet = await pageFor(browser, "hana.ali@icb.example.org");
  await healthTablet.goto(`${meetingUrl}/room`);
  await expect(healthTablet.getByTestId("room-status")).toContainText("In the meeting");
  await expect(chair.getByTestId("present")).toContainText("Pat O'Brien");
  await expect(chair.getByTestId("present").getByText("Hana Ali")).toHaveCount(1);
  await expect(police.getByTestId("present").getByText("Hana Ali")).toHaveCount(1);
  await expect(chair.getByTestId("quorum")).toContainText("Quorum: council, police and health present");
  await healthTablet.context().close();

  // The chair starts it (brought forward), and decides for each child.
  await chair.getByLabel(/why was it brought forward/).fill("Police and health are both available now; the children are at school until 3pm.");
  await chair.getByRole("button", { name: "Start the meeting" }).click();
  await expect(police.getByTestId("held")).toContainText("Started at");
  await chooseChild(chair, elder);
  await chair.getByLabel("Section 47 enquiry (joint with police)").check();
  await chair.getByLabel("Reasons").fill("Disclosure of being hit with a belt and a mark seen: joint enquiry with police.");
  await chair.getByRole("button", { name: "Record decision" }).click();
  await expect(police.getByTestId("decisions")).toContainText(`${elder}: Section 47 enquiry (joint with police)`);
  await chooseChild(chair, younger);
  await chair.getByLabel("Section 17 child-in-need assessment").check();
  await chair.getByLabel("Reasons").fill("Present during the assault; his needs are assessed alongside his sister's enquiry.");
  await chair.getByRole("button", { name: "Record decision" }).click();
  await expect(police.getByTestId("decisions")).toContainText(`${younger}: Section 17 child-in-need assessment`);

  // Ending asks first.
  await chair.getByRole("button", { name: "End the meeting", exact: true }).click();
  await expect(chair.getByRole("heading", { name: "Are you sure you want to end the meeting?" })).toBeVisible();
  await chair.getByRole("button", { name: "Yes, end the meeting" }).click();
  await expect(police.getByTestId("meeting-closed")).toBeVisible();
  await expect(police.getByTestId("quorum")).toContainText("Council, police and health all took part");

  // The chair drafts the minutes the same day ...
  await chair.getByRole("link", { name: "Draft the minutes" }).click();
  await chair.getByLabel("Draft minutes").fill("Joint section 47 enquiry for the elder child; child-in-need assessment for her brother. The school sent apologies and its written account.");
  await chair.getByRole("button", { name: "Save draft" }).click();
  await expect(chair.getByText("Draft saved.")).toBeVisible();

  // ... and approves them the next working day, in time.
  const advance = await request.post("/__test/clock", { data: { advanceHours: hoursToNextWorkingMorning() } });
  expect(advance.ok()).toBe(true);
  // A fresh visit (not a reload, which could repeat the draft's form submission).
  const minutesUrl = chair.url();
  await chair.goto(minutesUrl);
  await expect(chair).toHaveURL(minutesUrl);
  await chair.getByRole("button", { name: "Approve and send the minutes" }).click();
  await expect(chair.getByTestId("minutes-text")).toContainText("Joint section 47 enquiry");
  await expect(chair.getByText("(within 1 working day)")).toBeVisible();

  // The police see the conference due date for the first child only, and the minutes' attendance is honest.
  await police.goto(meetingUrl);
  await expect(police.getByTestId(`child-${elder}`).getByTestId("conference-due")).toContainText(/\d{1,2} [A-Z][a-z]+ \d{4}/);
  await expect(police.getByTestId(`child-${younger}`).getByTestId("conference-due")).toHaveCount(0);
  await expectAccessible(police);
  await police.getByRole("button", { name: "Read the minutes" }).click();
  await expect(police.getByTestId("minutes-attendance")).toContainText("Hana Ali");
  await expect(police.getByTestId("minutes-attendance")).not.toContainText("No response");
  await police.goto(meetingUrl);

  // Later the council records the enquiry's outcome; the police page shows it without a reload.
  await council.goto(meetingUrl);
  await council.getByLabel("Proceed to initial child protection conference").check();
  await council.getByLabel("Summary", { exact: true }).fill("Enquiry substantiated: initial child protection conference arranged.");
  const today = londonParts(new Date());
  await fillDateField(council, "outcomeDate", `${today.year}-${today.month}-${today.day}`);
  await council.getByRole("button", { name: "Record the outcome" }).click();
  await expect(council.getByText("The enquiry's outcome has been recorded and sent to everyone who took part")).toBeVisible();
  await expect(police.getByTestId(`child-${elder}`).getByTestId("enquiry-outcome")).toContainText("Proceed to initial child protection conference");
  await expect(police.getByTestId(`child-${elder}`).getByTestId("enquiry-outcome")).toContainText("initial child protection conference arranged");

  for (const page of [dsl, council, police, health, chair]) await page.context().close();
});
