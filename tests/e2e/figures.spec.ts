import { readFileSync } from "node:fs";
import { test, expect, signIn } from "./fixtures";

test("the chair filters by agency and period, follows a number to its meetings, and downloads a CSV matching the table", async ({ page, signInAs }) => {
  await signInAs("partnershipChair");
  await page.getByRole("link", { name: "Figures" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Partnership figures");

  // Filter: the police, over the last year.
  const today = new Date().toISOString().slice(0, 10);
  const yearAgo = new Date(Date.now() - 365 * 86_400_000).toISOString().slice(0, 10);
  await page.getByLabel("From", { exact: true }).fill(yearAgo);
  await page.getByLabel("To", { exact: true }).fill(today);
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
  expect(csv[0]).toBe("Agency,Invited,Attended,Apologies,Delegates,Written contributions,No response,Attendance rate (%)");
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
