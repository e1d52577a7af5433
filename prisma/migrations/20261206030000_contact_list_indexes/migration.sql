-- The contacts list (docs/decisions/0032-api-request-cost.md) counts an agency's contacts, with and
-- without a decision, in one query, and reads the page of those awaiting a decision soonest due
-- first. Before these indexes the count read every row of the table and the page joined each
-- awaiting contact's agency, case and decisions before sorting them; now the count reads this
-- index alone and the page stops after the rows it shows.
CREATE INDEX "contact_source_agency_id_current_decision_id_idx" ON "contact" ("source_agency_id", "current_decision_id");

-- Awaiting a decision, soonest due first (the list's first part, for every agency and the front door).
CREATE INDEX "contact_awaiting_decision_idx" ON "contact" ("decision_due_at", "id") WHERE "current_decision_id" IS NULL;
