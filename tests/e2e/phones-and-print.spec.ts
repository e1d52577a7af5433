// Phones and zoom (WCAG 2.2 reflow at 320 CSS pixels) and the printed reports, as each kind of
// demo user meets them.
import type { Page } from "@playwright/test";
import { test, expect, signIn as signInOnly, squash } from "./fixtures";
import { pdfText } from "../support/pdf-text";

/** Sign in and wait until the landing page is signed in, so the next navigation is too. */
async function signIn(page: Page, email: string) {
  await signInOnly(page, email);
  await expect(page.getByTestId("signed-in-as")).toBeVisible();
}

const NARROW = { width: 320, height: 640 };

/** Every demo user kind: practitioners and managers of each agency kind, administrators, the chair. */
const PEOPLE = [
  "sam.patel@council.example.org",
  "maria.jones@council.example.org",
  "alex.kerr@council.example.org",
  "pat.obrien@police.example.org",
  "dan.hughes@police.example.org",
  "priya.shah@police.example.org",
  "hana.ali@icb.example.org",
  "grace.owen@icb.example.org",
  "dee.walker@riverside.example.org",
  "ruth.evans@riverside.example.org",
  "chris.morgan@partnership.example.org",
  "jo.bennett@partnership.example.org",
  "it.admin@partnership.example.org",
];

async function expectNoSidewaysScroll(page: Page) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width, `${page.url()} is ${width}px wide at 320px`).toBeLessThanOrEqual(320);
}

/** The pages a person reaches from their navigation, and the first record each list links to. */
async function pagesOf(page: Page): Promise<string[]> {
  const menu = page.getByRole("button", { name: "Menu" });
  if (await menu.isVisible()) await menu.click();
  const nav = await page.getByRole("navigation", { name: "Menu" }).getByRole("link").evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).getAttribute("href")!));
  const pages = [...nav];
  for (const list of nav.filter((href) => ["/contacts", "/meetings", "/disagreements"].includes(href))) {
    await page.goto(list);
    const first = page.locator(`main a[href^="${list}/"]:not([href$="/new"])`).first();
    if (await first.count()) pages.push((await first.getAttribute("href"))!);
  }
  return pages;
}

for (const email of PEOPLE) {
  test(`no page scrolls sideways at 320px for ${email}`, async ({ page }) => {
    await page.setViewportSize(NARROW);
    await signIn(page, email);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await expectNoSidewaysScroll(page);
    const pages = await pagesOf(page);
    expect(pages.length).toBeGreaterThan(0);
    for (const path of pages) {
      await page.goto(path);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      await expectNoSidewaysScroll(page);
    }
  });
}

test("signed-out pages do not scroll sideways at 320px", async ({ page }) => {
  await page.setViewportSize(NARROW);
  for (const path of ["/login", "/accessibility", "/invitations/not-a-real-token-aaaaaaaaaaaaaaaaaaaa"]) {
    await page.goto(path);
    await expectNoSidewaysScroll(page);
  }
});

test("the service navigation collapses behind a Menu button on a narrow screen, and opens and closes", async ({ page }) => {
  await page.setViewportSize(NARROW);
  await signIn(page, "chris.morgan@partnership.example.org");
  const nav = page.getByRole("navigation", { name: "Menu" });
  const menu = nav.getByRole("button", { name: "Menu" });
  await expect(menu).toBeVisible();
  await expect(menu).toHaveAttribute("aria-expanded", "false");
  await expect(nav.getByRole("link", { name: "Figures" })).toBeHidden();
  await menu.click();
  await expect(menu).toHaveAttribute("aria-expanded", "true");
  await nav.getByRole("link", { name: "Figures" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Partnership figures");
  // A new page starts with the menu closed.
  await expect(menu).toHaveAttribute("aria-expanded", "false");
  await expect(nav.getByRole("link", { name: "Figures" })).toBeHidden();

  // On a wide screen there is no button: the list shows.
  await page.setViewportSize({ width: 1024, height: 768 });
  await expect(menu).toBeHidden();
  await expect(nav.getByRole("link", { name: "Figures" })).toBeVisible();
});

test("without JavaScript the navigation is a plain list, even on a phone", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: NARROW, baseURL: test.info().project.use.baseURL });
  const page = await context.newPage();
  await signIn(page, "chris.morgan@partnership.example.org");
  const nav = page.getByRole("navigation", { name: "Menu" });
  await expect(nav.getByRole("link", { name: "Figures" })).toBeVisible();
  await expect(nav.getByRole("button", { name: "Menu" })).toBeHidden();
  await context.close();
});

test("a wide figures table scrolls inside its own labelled region, not the page", async ({ page }) => {
  await page.setViewportSize(NARROW);
  await signIn(page, "chris.morgan@partnership.example.org");
  await page.goto("/figures");
  const region = page.getByRole("region", { name: "Table: Strategy meeting attendance by agency" });
  await expect(region).toHaveAttribute("tabindex", "0");
  // Whatever does not fit scrolls inside the region; every column is still there.
  expect(await region.evaluate((el) => getComputedStyle(el).overflowX)).toBe("auto");
  await expect(region.locator("thead th")).toHaveCount(9);
  await expectNoSidewaysScroll(page);
});

test("the printed figures report has every attendance column, and no navigation, sign out or link addresses", async ({ page }) => {
  await signIn(page, "chris.morgan@partnership.example.org");
  await page.goto("/figures");
  // A4's printable width: 210mm less 12mm margins each side is 186mm, about 703 CSS pixels.
  await page.setViewportSize({ width: 703, height: 1000 });
  await page.emulateMedia({ media: "print" });
  for (const hidden of [page.getByRole("navigation", { name: "Menu" }), page.getByRole("button", { name: "Sign out" }), page.getByRole("link", { name: "Concord", exact: true }), page.getByRole("button", { name: "Show figures" })]) {
    await expect(hidden).toBeHidden();
  }
  const table = page.getByTestId("table-attendance");
  const headers = table.locator("thead th");
  await expect(headers).toHaveText([/Agency/, /Invited/, /Attended/, /Apologies/, /Delegates/, /Written contributions/, /No response/, /Attendance rate/, "Against the threshold"]);
  // Every column lies within the A4 page's printable width, none cut off at the edge.
  for (const header of await headers.all()) {
    const box = (await header.boundingBox())!;
    expect(box.width).toBeGreaterThan(0);
    expect(box.x + box.width).toBeLessThanOrEqual(703);
  }
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(703);
  // No link addresses printed after links.
  const after = await table.locator("a[href]").first().evaluate((a) => getComputedStyle(a, "::after").content);
  expect(["none", "normal"]).toContain(after);

  // Printed to an A4 PDF, the paper has every attendance column's heading, and no "Sign out".
  const printed = squash(pdfText(await page.pdf({ format: "A4" })));
  for (const column of ["Agency", "Invited", "Attended", "Apologies", "Delegates", "Written contributions", "No response", "Attendance rate", "Against the threshold"]) expect(printed).toContain(squash(column));
  expect(printed).toContain(squash("Strategy meeting attendance by agency"));
  expect(printed).not.toContain(squash("Sign out"));
});
