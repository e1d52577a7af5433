-- The database enforces what the code assumes (issue 14, item 7; docs/decisions/0029).
-- 1. Every *_id column that names a row is a foreign key (RESTRICT: people and agencies are
--    deactivated, never deleted, so nothing that names them can be orphaned). The few ids that
--    deliberately are not are listed, with reasons, in tests/integration/database-constraints.test.ts.
-- 2. CHECK constraints for levels, stages and the fields each state carries.
-- 3. The audit trail is append-only: a trigger refuses UPDATE and DELETE.

-- AddForeignKey
ALTER TABLE "audit_event" ADD CONSTRAINT "audit_event_actor_user_id_fkey" FOREIGN KEY ("actor_user_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "audit_event" ADD CONSTRAINT "audit_event_actor_agency_id_fkey" FOREIGN KEY ("actor_agency_id") REFERENCES "agency"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "invitation_response" ADD CONSTRAINT "invitation_response_responded_by_id_fkey" FOREIGN KEY ("responded_by_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "meeting_attendance" ADD CONSTRAINT "meeting_attendance_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "meeting_decision" ADD CONSTRAINT "meeting_decision_recorded_by_id_fkey" FOREIGN KEY ("recorded_by_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "meeting_action" ADD CONSTRAINT "meeting_action_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "meeting_action" ADD CONSTRAINT "meeting_action_completed_by_id_fkey" FOREIGN KEY ("completed_by_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "meeting_event" ADD CONSTRAINT "meeting_event_actor_id_fkey" FOREIGN KEY ("actor_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "disagreement" ADD CONSTRAINT "disagreement_case_id_fkey" FOREIGN KEY ("case_id") REFERENCES "child_case"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "disagreement" ADD CONSTRAINT "disagreement_resolved_by_id_fkey" FOREIGN KEY ("resolved_by_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "disagreement" ADD CONSTRAINT "disagreement_resolved_by_agency_id_fkey" FOREIGN KEY ("resolved_by_agency_id") REFERENCES "agency"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "disagreement_proposal" ADD CONSTRAINT "disagreement_proposal_proposed_by_id_fkey" FOREIGN KEY ("proposed_by_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "disagreement_proposal" ADD CONSTRAINT "disagreement_proposal_proposed_by_agency_id_fkey" FOREIGN KEY ("proposed_by_agency_id") REFERENCES "agency"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "disagreement_proposal" ADD CONSTRAINT "disagreement_proposal_answered_by_id_fkey" FOREIGN KEY ("answered_by_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "disagreement_proposal" ADD CONSTRAINT "disagreement_proposal_answered_by_agency_id_fkey" FOREIGN KEY ("answered_by_agency_id") REFERENCES "agency"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "disagreement_acknowledgement" ADD CONSTRAINT "disagreement_acknowledgement_agency_id_fkey" FOREIGN KEY ("agency_id") REFERENCES "agency"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "disagreement_acknowledgement" ADD CONSTRAINT "disagreement_acknowledgement_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "disagreement_event" ADD CONSTRAINT "disagreement_event_actor_id_fkey" FOREIGN KEY ("actor_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "disagreement_event" ADD CONSTRAINT "disagreement_event_actor_agency_id_fkey" FOREIGN KEY ("actor_agency_id") REFERENCES "agency"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


-- Levels of need are 1 to 4, everywhere one is stored.
ALTER TABLE "threshold_level" ADD CONSTRAINT "threshold_level_level_check" CHECK ("level" BETWEEN 1 AND 4);
ALTER TABLE "contact" ADD CONSTRAINT "contact_referrer_level_check" CHECK ("referrer_level" BETWEEN 1 AND 4);
ALTER TABLE "threshold_decision" ADD CONSTRAINT "threshold_decision_level_applied_check" CHECK ("level_applied" BETWEEN 1 AND 4);
ALTER TABLE "disagreement" ADD CONSTRAINT "disagreement_sought_level_check" CHECK ("sought_level" IS NULL OR "sought_level" BETWEEN 1 AND 4);

-- Stages of the escalation ladder count from 1 (disagreement.stage >= start_stage >= 1 already holds).
ALTER TABLE "disagreement" ADD CONSTRAINT "disagreement_overdue_stage_check" CHECK ("overdue_notified_stage" IS NULL OR "overdue_notified_stage" BETWEEN 1 AND "stage");
ALTER TABLE "disagreement_event" ADD CONSTRAINT "disagreement_event_stage_check" CHECK ("stage" >= 1);
ALTER TABLE "disagreement_proposal" ADD CONSTRAINT "disagreement_proposal_stage_check" CHECK ("stage" >= 1);
ALTER TABLE "meeting_child" ADD CONSTRAINT "meeting_child_position_check" CHECK ("position" >= 0);

-- What each state carries. A resolved disagreement says who closed it, for which side, and how
-- (disagreement_resolved_check already requires resolved_at, outcome and resolution); an open one
-- has none of that yet.
ALTER TABLE "disagreement" ADD CONSTRAINT "disagreement_resolved_by_check" CHECK (
  ("status" = 'RESOLVED') = ("resolved_by_id" IS NOT NULL AND "resolved_by_agency_id" IS NOT NULL AND "outcome_statement" IS NOT NULL)
  AND ("status" = 'RESOLVED' OR ("resolved_at" IS NULL AND "outcome" IS NULL AND "resolution" IS NULL)));
-- A completed action says who completed it; a deactivated account says when.
ALTER TABLE "meeting_action" ADD CONSTRAINT "meeting_action_completed_check" CHECK (("completed_at" IS NULL) = ("completed_by_id" IS NULL));
ALTER TABLE "app_user" ADD CONSTRAINT "app_user_deactivated_check" CHECK ("is_active" = ("deactivated_at" IS NULL));
-- Nobody leaves a meeting before joining it; a reason for starting early belongs to a started meeting.
ALTER TABLE "meeting_attendance" ADD CONSTRAINT "meeting_attendance_left_after_joined_check" CHECK ("left_at" IS NULL OR "left_at" >= "joined_at");
ALTER TABLE "strategy_meeting" ADD CONSTRAINT "strategy_meeting_early_reason_check" CHECK ("started_early_reason" IS NULL OR "started_at" IS NOT NULL);

-- The audit trail is append-only: rows are written, never changed or removed, whoever connects.
-- (TRUNCATE, used only by the test suite to empty the database between tests, fires no row triggers.)
CREATE FUNCTION "audit_event_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_event is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER "audit_event_append_only" BEFORE UPDATE OR DELETE ON "audit_event"
  FOR EACH ROW EXECUTE FUNCTION "audit_event_append_only"();
