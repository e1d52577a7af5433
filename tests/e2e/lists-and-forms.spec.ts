// GOV.UK patterns done fully (docs/decisions/0024): error summary links that keep every message,
// "Error: " titles, paged lists with their total, and one UK date and time style.
import { test, expect, fillDateInput } from "./fixtures";

const UK_DATE_TIME = /^\d{1,2} (January|February|March|April|May|June|July|August|September|October|November|December) \d{4}, (\d{1,2}(:\d{2})?(am|pm)|midday|midnight)$/;

test("following an error summary link keeps every message, focuses the field, and the title says Error", async ({ page, signInAs }) => {
  await signInAs("practitioner");
  await page.goto("/contacts/new");
  await expect(page).toHaveTitle(/^Record a contact/);
  await fillDateInput(page, "receivedAt", "2026-11-20T10:00");
  await page.locator("#receivedAt-year").fill("202611");
  await page.getByRole("button", { name: "Record contact" }).click();
  const summary = page.locator(".govuk-error-summary");
  await expect(summary).toBeFocused();
  const links = summary.getByRole("link");
  const messages = await links.allTextContents();
  expect(messages.length).toBeGreaterThan(1);
  expect(messages).toContain("Year must include 4 numbers");
  await expect(page).toHaveTitle(/^Error: Record a contact/);

  await summary.getByRole("link", { name: "Year must include 4 numbers" }).click();
  await expect(page.locator("#receivedAt-year")).toBeFocused();
  await expect(links).toHaveText(messages);
  await expect(page).toHaveTitle(/^Error: /);
  // And another link, further down the form.
  await links.last().click();
  await expect(links).toHaveText(messages);
  await expect(page.getByText("Year must include 4 numbers").first()).toBeVisible();
});

test("a date with a missing month says so beside the date", async ({ page, signInAs }) => {
  await signInAs("practitioner");
  await page.goto("/contacts/new");
  await fillDateInput(page, "receivedAt", "2026-11-20T10:00");
  await page.locator("#receivedAt-month").fill("");
  await page.getByRole("button", { name: "Record contact" }).click();
  await expect(page.locator("#receivedAt-error")).toContainText("Date the contact was made must include a month");
});

test("the convene form's date and time say which part to fix, and keep what was typed", async ({ page, signInAs }) => {
  await signInAs("practitioner");
  await page.goto("/meetings/new");
  await fillDateInput(page, "scheduledStart", "2030-01-15T10:00");
  await page.locator("#scheduledStart-month").fill("");
  await page.getByRole("button", { name: "Send invitations" }).click();
  await expect(page.locator("#scheduledStart-error")).toContainText("Date of the meeting must include a month");
  await expect(page.locator("#scheduledStart-month")).toHaveClass(/govuk-input--error/);
  await expect(page.locator("#scheduledStart-day")).toHaveCount(0); // the day field's id is the date's own name
  await expect(page.locator("#scheduledStart")).not.toHaveClass(/govuk-input--error/);

  await page.locator("#scheduledStart-month").fill("1");
  await page.locator("#scheduledStart-time").fill("9");
  await page.getByRole("button", { name: "Send invitations" }).click();
  const summary = page.locator(".govuk-error-summary");
  const timeError = summary.getByRole("link", { name: "Time of the meeting must be a real time, like 2:30pm or 14:30" });
  // The page has settled on the new errors (the summary takes focus) before the link is followed.
  await expect(timeError).toBeVisible();
  await expect(summary).toBeFocused();
  await timeError.click();
  await expect(page.locator("#scheduledStart-time")).toBeFocused();
  await expect(page.locator("#scheduledStart-year")).toHaveValue("2030");
});

test("paging through contacts shows the total and keeps the filters in the link", async ({ page, signInAs }) => {
  await signInAs("practitioner");
  await page.goto("/contacts");
  const count = page.getByTestId("list-count");
  await expect(count).toHaveText(/^Showing 1 to 25 of [\d,]+ contacts$/);
  const total = (await count.textContent())!.replace(/.* of ([\d,]+) contacts$/, "$1");
  await page.getByRole("navigation", { name: "Pages of contacts" }).getByRole("link", { name: /Next/ }).click();
  await expect(page).toHaveURL(/[?&]page=2/);
  await expect(count).toHaveText(`Showing 26 to 50 of ${total} contacts`);
  await expect(page.getByRole("heading", { level: 1 })).toBeFocused();

  await page.getByLabel("Status").selectOption("CLOSED");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(/status=CLOSED/);
  await expect(count).toHaveText(/^(Showing 1 to \d+ of [\d,]+ contacts?|No contacts found)$/);
});

test("dates and times read '23 November 2026, 2:35pm' on the lists", async ({ page, signInAs }) => {
  await signInAs("practitioner");
  await page.goto("/contacts");
  const received = (await page.getByTestId("contacts").locator("tbody tr td:nth-child(2)").allTextContents()).slice(0, 5);
  expect(received.length).toBeGreaterThan(0);
  for (const text of received) expect(text.trim()).toMatch(UK_DATE_TIME);

  await page.goto("/meetings?scope=closed");
  const when = page.getByTestId("meetings").locator("tbody tr").first();
  await expect(when).toContainText(/\d{1,2} [A-Z][a-z]+ \d{4}, (\d{1,2}(:\d{2})?(am|pm)|midday|midnight)/);
  await expect(page.locator("main")).not.toContainText(/\d{1,2} (Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4}, \d{2}:\d{2}/);
});

test("a record's page is titled by its reference", async ({ page, signInAs }) => {
  await signInAs("practitioner");
  await page.goto("/contacts");
  const first = page.getByTestId("contacts").locator("tbody tr").first().getByRole("link");
  const reference = (await first.textContent())!.trim();
  await first.click();
  await expect(page).toHaveTitle(`${reference} contact – Concord`);
});
