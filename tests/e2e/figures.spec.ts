import { readFileSync } from "node:fs";
import { test, expect, expectAccessible, fillDateInput, signIn } from "./fixtures";

test("the chair filters by agency and period, follows a number to its meetings, and downloads a CSV matching the table", async ({ page, signInAs }) => {
  await signInAs("partnershipChair");
  await page.getByRole("link", { name: "Figures" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Partnership figures");

  // Filter: the police, over the last year.
  const today = new Date().toISOString().slice(0, 10);
  const yearAgo = new Date(Date.now() - 365 * 86_400_000).toISOString().slice(0, 10);
  await fillDateInput(page, "from", yearAgo);
  await fillDateInput(page, "to", today);
  await page.getByLabel("Agency", { exact: true }).selectOption({ label: "Northshire Police" });
  await page.getByRole("button", { name: "Show figures" }).click();
  const attendance = page.getByTestId("table-attendance");
  await expect(attendance.getByRole("row")).toHaveCount(2); // header + the police
  const policeRow = attendance.getByRole("row", { name: /Northshire Police/ });
  const invited = Number(await policeRow.getByRole("cell").nth(0).innerText());
  expect(invited).toBeGreaterThan(0);

  // Download the table as CSV: its rows match the table's.
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: /Download “Strategy meeting attendance by agency” as CSV/ }).click()]);
  const csv = readFileSync(await download.path(), "utf8").trim().split("\r\n");
  expect(csv[0]).toBe("Agency,Invited,Attended,Apologies,Delegates,Written contributions,No response,Attendance rate (%),Against the threshold");
  const cells = await policeRow.locator("th, td").allInnerTexts();
  expect(csv.slice(1)).toEqual([cells.map((c) => (c === "none" ? "" : c)).join(",")]);

  // Follow the invited number to the meetings behind it: the same count, no case references.
  await policeRow.getByRole("link", { name: /invited: the meetings/ }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Meetings the agency was invited to");
  const listed = page.getByTestId("meetings-behind").getByRole("row");
  await expect(listed).toHaveCount(Math.min(invited, 500) + 1);
  await expect(page.getByText(/CSC-|GEN-/)).toHaveCount(0);
});

test("an agency manager sees only their agency and the partnership totals; a practitioner is refused", async ({ page }) => {
  await signIn(page, "dan.hughes@police.example.org");
  await expect(page).toHaveURL(/\/team$/);
  await page.goto("/figures");
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Partnership figures");
  const rows = page.getByTestId("table-attendance").getByRole("row");
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(1)).toContainText("Northshire Police");
  await expect(page.getByLabel("Agency", { exact: true })).toHaveCount(0);
  const other = await page.goto("/figures?agencyId=00000000-0000-4000-8000-000000000000");
  expect(other?.status()).toBe(403);

  await page.context().clearCookies();
  await signIn(page, "sam.patel@council.example.org");
  await expect(page).toHaveURL(/\/work$/);
  const refused = await page.goto("/figures");
  expect(refused?.status()).toBe(403);
  const csv = await page.goto("/figures/csv/attendance");
  expect(csv?.status()).toBe(403);
});

test("the chair sorts the attendance table by any column, sees agencies below the threshold in words, and gets a clear message for From after To", async ({ page, signInAs }) => {
  await signInAs("partnershipChair");
  await page.goto("/figures");
  const table = page.getByTestId("table-attendance");
  const rate = table.getByRole("columnheader", { name: /Attendance rate/ });
  // Lowest attendance rate first by default.
  await expect(rate).toHaveAttribute("aria-sort", "ascending");
  const rates = async () => (await table.locator("tbody tr td:nth-of-type(7)").allInnerTexts()).filter((t) => t !== "none").map(Number);
  const ascending = await rates();
  expect(ascending).toEqual([...ascending].sort((a, b) => a - b));
  // Any agency below the threshold says so in words, and its rate is below the threshold.
  const threshold = Number((await page.getByText(/% of invitations attended/).innerText()).match(/(\d+)%/)![1]);
  for (const row of await table.locator("tbody tr").all()) {
    const cells = await row.locator("td").allInnerTexts();
    const [value, status] = [cells[6]!, cells[7]!];
    if (value === "none") continue;
    expect(status).toBe(Number(value) < threshold ? `Below ${threshold}% threshold` : `Meets ${threshold}% threshold`);
  }
  // Sort by rate again: highest first.
  await rate.getByRole("link").click();
  await expect(table.getByRole("columnheader", { name: /Attendance rate/ })).toHaveAttribute("aria-sort", "descending");
  const descending = await rates();
  expect(descending).toEqual([...ascending].sort((a, b) => b - a));
  // By agency name.
  await table.getByRole("columnheader", { name: /^Agency/ }).getByRole("link").click();
  await expect(table.getByRole("columnheader", { name: /^Agency/ })).toHaveAttribute("aria-sort", "ascending");
  const names = await table.locator("tbody th").allInnerTexts();
  expect(names).toEqual([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
  await expect(page).toHaveURL(/sort=agencyName/);

  // From after To: an error summary and a message at the field, not a bare error page.
  await fillDateInput(page, "from", "2026-11-30");
  await fillDateInput(page, "to", "2026-11-01");
  await page.getByRole("button", { name: "Show figures" }).click();
  await expect(page).toHaveTitle(/^Error: /);
  const summary = page.locator(".govuk-error-summary");
  await expect(summary).toContainText("There is a problem");
  await expect(summary.getByRole("link", { name: "The ‘To’ date must be the same as or after the ‘From’ date" })).toHaveAttribute("href", "#to");
  await expect(page.locator("#to-error")).toContainText("The ‘To’ date must be the same as or after the ‘From’ date");
  // What the reader typed stays in the fields.
  await expect(page.locator("#from")).toHaveValue("30");
  await expect(page.locator("#from-month")).toHaveValue("11");
  await expect(page.locator("#from-year")).toHaveValue("2026");
  await expectAccessible(page);
});
