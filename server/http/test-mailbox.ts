// Browser tests only (mounted when CONCORD_TEST_CLOCK=true): the last email the outbox holds
// for an address, so a test follows an invitation link the way the invited person would,
// without the link ever appearing in a page or an API response.
import type { Express } from "express";
import type { Services } from "../domain/services";

export function mountTestMailbox(app: Express, services: Services) {
  app.get("/__test/last-email", async (req, res) => {
    const to = String(req.query.to ?? "").trim().toLowerCase();
    if (!to) return res.status(400).json({ error: "Give the address as ?to=" });
    const email = await services.db.outboxEmail.findFirst({
      where: { toAddress: to },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      select: { subject: true, body: true },
    });
    if (!email) return res.status(404).json({ error: "No email for that address" });
    res.json(email);
  });
}
