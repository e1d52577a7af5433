// Independent scrutiny (issue 17, decision 0040): the scrutineer signs in to their home, reads the
// partnership's figures, the audit figures' agreement rate and the disagreement summaries, prints
// the yearly report to an A4 PDF with every section, and is offered nothing that changes anything.
import pg from "pg";
import type { Page } from "@playwright/test";
import { test, expect, signIn, squash, expectAccessible } from "./fixtures";
import { pdfText } from "../support/pdf-text";

const ANN = "ann.cole@partnership.example.org";
/** Buttons that would change something; the scrutineer's pages offer only reading, filtering and printing. */
const CHANGING = /create|grade|save|record|submit|raise|convene|add|delete|remove|approve|moderate|complete|close|withdraw|escalate|decide|invite/i;

/** The e2e server's database on PostgreSQL (scripts/e2e-server.mjs); null on the embedded one. */
function e2eDatabaseUrl(): string | null {
  const server = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL;
  if (!server) return null;
  const url = new URL(server);
  url.pathname = `/${process.env.CONCORD_TEST_DB_PREFIX ?? "concord"}_e2e`;
  return url.toString();
}

/**
 * A closed round of two of the demo's decided contacts, graded by the council and the police:
 * they agree on the first and differ on the second's level, so agencies agreed on 1 of 2 (50%).
 * Written straight to the database: building rounds is the audit pages' work, not this spec's.
 */
async function closedRound(): Promise<boolean> {
  const url = e2eDatabaseUrl();
  if (!url) return false;
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  try {
    const one = async (sql: string, params: unknown[] = []) => (await db.query(sql, params)).rows[0] as Record<string, string>;
    const manager = (await one(`SELECT id FROM app_user WHERE email = 'jo.bennett@partnership.example.org'`)).id;
    const council = await one(`SELECT u.id AS "userId", u.agency_id AS "agencyId" FROM app_user u WHERE email = 'helen.price@council.example.org'`);
    const police = await one(`SELECT u.id AS "userId", u.agency_id AS "agencyId" FROM app_user u WHERE email = 'mark.fisher@police.example.org'`);
    const contacts = (await db.query(`SELECT id, current_decision_id AS "decisionId" FROM contact WHERE current_decision_id IS NOT NULL ORDER BY received_at DESC LIMIT 2`)).rows as { id: string; decisionId: string }[];
    expect(contacts).toHaveLength(2);
    const round = await one(
      `INSERT INTO audit_round (title, period_start, period_end, sample_rule, sample_size, state, created_by_id, created_at, moderation_started_at, closed_at, closed_by_id, summary)
       VALUES ('Closures in the autumn', (now() AT TIME ZONE 'Europe/London')::date - 60, (now() AT TIME ZONE 'Europe/London')::date - 7, 'CLOSURES', 2, 'CLOSED', $1, now(), now(), now(), $1, 'Findings agreed at the moderation meeting.') RETURNING id`,
      [manager],
    );
    for (const agency of [council, police]) await db.query(`INSERT INTO audit_round_agency (round_id, agency_id, submitted_at, submitted_by_id) VALUES ($1, $2, now(), $3)`, [round.id, agency.agencyId, agency.userId]);
    for (const [index, contact] of contacts.entries()) {
      const item = await one(
        `INSERT INTO audit_item (round_id, contact_id, decision_id, position, agreed_level_right, agreed_outcome_safe, agreed_rationale_recorded, moderated_at, moderated_by_id) VALUES ($1, $2, $3, $4, true, true, true, now(), $5) RETURNING id`,
        [round.id, contact.id, contact.decisionId, index + 1, manager],
      );
      for (const agency of [council, police]) {
        const levelRight = index === 0 || agency === council;
        await db.query(`INSERT INTO audit_grade (item_id, round_id, agency_id, graded_by_id, level_right, outcome_safe, rationale_recorded, reason, graded_at) VALUES ($1, $2, $3, $4, $5, true, true, 'Checked against the threshold document.', now())`, [item.id, round.id, agency.agencyId, agency.userId, levelRight]);
      }
    }
    return true;
  } finally {
    await db.end();
  }
}

async function expectNothingToChange(page: Page) {
  const names = await page.getByRole("button").allTextContents();
  expect(names.filter((name) => CHANGING.test(name))).toEqual([]);
}

test("the scrutineer reads figures, audit figures and disagreement summaries, prints the yearly report, and is offered no change", async ({ page }) => {
  // Other browser tests close rounds too: count what is there before this one.
  await signIn(page, ANN);
  await expect(page).toHaveURL(/\/scrutiny$/);
  const closedBefore = Number(await page.getByTestId("count-closed-rounds").textContent());
  const seeded = await closedRound();
  await page.reload();
  await expect(page.getByRole("heading", { level: 1, name: /Independent scrutiny/ })).toBeVisible();
  await expect(page.getByTestId("count-closed-rounds")).toHaveText(String(closedBefore + (seeded ? 1 : 0)));
  await expectNothingToChange(page);
  await expectAccessible(page);

  // The partnership's figures, and from there the audit figures.
  await page.getByRole("navigation", { name: "Menu" }).getByRole("link", { name: "Figures" }).click();
  await expect(page.getByRole("heading", { level: 1, name: /Partnership figures/ })).toBeVisible();
  await expectNothingToChange(page);
  await page.getByRole("link", { name: /^Audit figures/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: /Audit figures/ })).toBeVisible();
  if (seeded) {
    // The round's own row: both contacts compared, the agencies agreed on one (50%).
    const row = page.getByTestId("table-audit-rounds").getByRole("row").filter({ hasText: "Closures in the autumn" });
    expect((await row.getByRole("cell").allTextContents()).slice(-3)).toEqual(["2", "1", "50"]);
    await expect(page.getByTestId("audit-agreement-rate")).toHaveText(/^\d+ of \d+ \(\d+(\.\d)?%\)$/);
  } else {
    await expect(page.getByTestId("audit-no-rounds")).toBeVisible();
  }
  await expectNothingToChange(page);
  await expectAccessible(page);

  // Disagreement summaries: case references and what happened, never what anyone wrote.
  await page.goto("/scrutiny/disagreements");
  await expect(page.getByRole("heading", { level: 1, name: "Disagreement summaries" })).toBeVisible();
  await expect(page.getByTestId("list-count")).toBeVisible();
  await expectNothingToChange(page);
  await expectAccessible(page);

  // The yearly report, printed to A4: every section on the paper, no navigation, no sign out.
  await page.goto("/report/yearly");
  await expect(page.getByRole("heading", { level: 1, name: /Yearly report/ })).toBeVisible();
  await expectNothingToChange(page);
  await expectAccessible(page);
  // A4's printable width (186mm, about 703 CSS pixels): every column of every table fits.
  await page.setViewportSize({ width: 703, height: 1000 });
  await page.emulateMedia({ media: "print" });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(703);
  if (seeded) {
    const headers = page.getByTestId("table-audit-rounds").locator("thead th");
    await expect(headers).toHaveCount(17);
    for (const header of await headers.all()) {
      const box = (await header.boundingBox())!;
      expect(box.x + box.width).toBeLessThanOrEqual(703);
    }
  }
  await expect(page.getByRole("navigation", { name: "Menu" })).toBeHidden();
  await expect(page.getByRole("button", { name: "Print the report" })).toBeHidden();
  const printed = squash(pdfText(await page.pdf({ format: "A4" })));
  for (const section of ["1. Attendance", "2. Timeliness", "3. Thresholds", "4. Disagreements", "5. Audit results", "6. Learning actions", "Strategy meeting attendance by agency", "Contacts by source agency and level"]) {
    expect(printed, section).toContain(squash(section));
  }
  if (seeded) expect(printed).toContain(squash("Closures in the autumn"));
  expect(printed).not.toContain(squash("Sign out"));
  expect(printed).not.toContain("http://");
});

test("the scrutineer's pages do not scroll sideways on a phone (320 CSS pixels)", async ({ page }) => {
  await signIn(page, ANN);
  await page.setViewportSize({ width: 320, height: 800 });
  for (const path of ["/scrutiny", "/scrutiny/disagreements", "/figures/audits", "/report/yearly"]) {
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    expect(await page.evaluate(() => document.documentElement.scrollWidth), path).toBeLessThanOrEqual(320);
  }
});
