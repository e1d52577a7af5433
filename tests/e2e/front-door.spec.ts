import type { Browser, Page } from "@playwright/test";
import { test, expect, signIn, fillDateInput, ukLocalMinutesAgo, answerConsent } from "./fixtures";

async function pageFor(browser: Browser, email: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, email);
  await expect(page.locator("[data-live-status]")).toHaveAttribute("data-live-status", "live");
  return page;
}

test("a police contact reaches the council live, is decided and signed off, and the police see the outcome live; health never sees it", async ({ browser }) => {
  const police = await pageFor(browser, "pat.obrien@police.example.org");
  const council = await pageFor(browser, "sam.patel@council.example.org");
  const manager = await pageFor(browser, "maria.jones@council.example.org");
  const health = await pageFor(browser, "hana.ali@icb.example.org");
  const reference = `CSC-${String(Date.now()).slice(-6)}`;

  await council.goto("/contacts");
  await health.goto("/contacts");

  // The police practitioner records a contact (a bad reference first: a clear error, nothing saved).
  await police.goto("/contacts/new");
  await police.getByLabel("Case reference").fill("child smith");
  await police.getByRole("button", { name: "Record contact" }).click();
  await expect(police.getByRole("alert")).toContainText("case reference");
  await police.getByLabel("Case reference").fill(reference);
  await fillDateInput(police, "receivedAt", ukLocalMinutesAgo(60));
  await police.getByLabel("Main concern").selectOption("PHYSICAL_ABUSE");
  await police.getByLabel("4: Statutory").check();
  await police.getByLabel("Summary").fill("Bruising seen at a welfare check; the child says a parent grabbed them.");
  await answerConsent(police);
  await police.getByRole("button", { name: "Record contact" }).click();
  await expect(police.getByRole("heading", { level: 1 })).toContainText(reference);
  await expect(police.getByTestId("awaiting-decision")).toBeVisible();
  const contactUrl = police.url();

  // The council practitioner sees it appear without reloading, and records a decision.
  const row = council.getByRole("row", { name: new RegExp(reference) });
  await expect(row).toContainText("Awaiting decision");
  await row.getByRole("link", { name: reference }).click();
  await council.getByLabel("4: Statutory").check();
  await council.getByLabel("Strategy discussion needed").check();
  await council.getByLabel("Reasons for the decision").fill("Injury consistent with the child's account: joint enquiry with the police.");
  await council.getByRole("button", { name: "Record decision" }).click();
  await expect(council.getByTestId("decision")).toContainText("Not yet signed off");

  // The police page shows the decision live, still unsigned.
  await expect(police.getByTestId("decision")).toContainText("Strategy discussion needed");
  await expect(police.getByTestId("contact-status")).toContainText("Decision awaiting manager sign-off");

  // A council manager signs it off; the police see the signed-off outcome live.
  await manager.goto(contactUrl);
  await manager.getByRole("button", { name: "Sign off this decision" }).click();
  await expect(manager.getByTestId("decision")).toContainText("Maria Jones");
  await expect(police.getByTestId("contact-status")).toContainText("Decided");
  await expect(police.getByTestId("decision")).toContainText("Maria Jones");

  // Health saw nothing: not in its list (which was open all along), not by address.
  await expect(health.getByText(reference)).toHaveCount(0);
  await health.reload();
  await expect(health.getByText(reference)).toHaveCount(0);
  const response = await health.goto(contactUrl);
  expect(response?.status()).toBe(404);
  await expect(health.getByRole("heading", { level: 1 })).toHaveText("Page not found");

  for (const page of [police, council, manager, health]) await page.context().close();
});
