-- Joint audit of front-door decisions and learning actions (issue 17; docs/decisions/0038).
-- The generated part first; the hand-written part (constraints, roles, permissions) follows it.

-- CreateEnum
CREATE TYPE "AuditSampleRule" AS ENUM ('RANDOM', 'NO_FURTHER_ACTION', 'CLOSURES', 'SOURCE_AGENCY', 'THRESHOLD_LEVEL');

-- CreateEnum
CREATE TYPE "AuditRoundState" AS ENUM ('GRADING', 'MODERATION', 'CLOSED');

-- CreateEnum
CREATE TYPE "LearningActionState" AS ENUM ('OPEN', 'COMPLETED');

-- CreateTable
CREATE TABLE "audit_round" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "title" TEXT NOT NULL,
    "period_start" DATE NOT NULL,
    "period_end" DATE NOT NULL,
    "sample_rule" "AuditSampleRule" NOT NULL,
    "sample_size" INTEGER,
    "source_agency_id" UUID,
    "threshold_level" INTEGER,
    "state" "AuditRoundState" NOT NULL DEFAULT 'GRADING',
    "created_by_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "moderation_started_at" TIMESTAMPTZ(3),
    "closed_at" TIMESTAMPTZ(3),
    "closed_by_id" UUID,
    "summary" TEXT,
    "version" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "audit_round_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_round_agency" (
    "round_id" UUID NOT NULL,
    "agency_id" UUID NOT NULL,
    "submitted_at" TIMESTAMPTZ(3),
    "submitted_by_id" UUID,

    CONSTRAINT "audit_round_agency_pkey" PRIMARY KEY ("round_id","agency_id")
);

-- CreateTable
CREATE TABLE "audit_item" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "round_id" UUID NOT NULL,
    "contact_id" UUID NOT NULL,
    "decision_id" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "agreed_level_right" BOOLEAN,
    "agreed_outcome_safe" BOOLEAN,
    "agreed_rationale_recorded" BOOLEAN,
    "moderation_note" TEXT,
    "moderated_at" TIMESTAMPTZ(3),
    "moderated_by_id" UUID,

    CONSTRAINT "audit_item_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_grade" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "item_id" UUID NOT NULL,
    "round_id" UUID NOT NULL,
    "agency_id" UUID NOT NULL,
    "graded_by_id" UUID NOT NULL,
    "level_right" BOOLEAN NOT NULL,
    "outcome_safe" BOOLEAN NOT NULL,
    "rationale_recorded" BOOLEAN NOT NULL,
    "reason" TEXT NOT NULL,
    "graded_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "audit_grade_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_finding" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "round_id" UUID NOT NULL,
    "item_id" UUID,
    "summary" TEXT NOT NULL,
    "recorded_by_id" UUID NOT NULL,
    "recorded_at" TIMESTAMPTZ(3) NOT NULL,
    "disagreement_id" UUID,

    CONSTRAINT "audit_finding_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_finding_theme" (
    "finding_id" UUID NOT NULL,
    "theme_id" UUID NOT NULL,

    CONSTRAINT "audit_finding_theme_pkey" PRIMARY KEY ("finding_id","theme_id")
);

-- CreateTable
CREATE TABLE "learning_action" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "owning_agency_id" UUID NOT NULL,
    "due_on" DATE NOT NULL,
    "state" "LearningActionState" NOT NULL DEFAULT 'OPEN',
    "evidence" TEXT,
    "completed_at" TIMESTAMPTZ(3),
    "completed_by_id" UUID,
    "created_by_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "audit_finding_id" UUID,
    "disagreement_id" UUID,
    "theme_id" UUID,
    "meeting_id" UUID,
    "version" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "learning_action_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "audit_round_created_at_idx" ON "audit_round"("created_at");

-- CreateIndex
CREATE INDEX "audit_round_agency_agency_id_idx" ON "audit_round_agency"("agency_id");

-- CreateIndex
CREATE UNIQUE INDEX "audit_item_round_id_contact_id_key" ON "audit_item"("round_id", "contact_id");

-- CreateIndex
CREATE UNIQUE INDEX "audit_item_round_id_position_key" ON "audit_item"("round_id", "position");

-- CreateIndex
CREATE UNIQUE INDEX "audit_item_id_round_id_key" ON "audit_item"("id", "round_id");

-- CreateIndex
CREATE INDEX "audit_grade_round_id_agency_id_idx" ON "audit_grade"("round_id", "agency_id");

-- CreateIndex
CREATE UNIQUE INDEX "audit_grade_item_id_agency_id_key" ON "audit_grade"("item_id", "agency_id");

-- CreateIndex
CREATE UNIQUE INDEX "audit_finding_disagreement_id_key" ON "audit_finding"("disagreement_id");

-- CreateIndex
CREATE INDEX "audit_finding_round_id_idx" ON "audit_finding"("round_id");

-- CreateIndex
CREATE INDEX "learning_action_owning_agency_id_state_due_on_idx" ON "learning_action"("owning_agency_id", "state", "due_on");

-- CreateIndex
CREATE INDEX "learning_action_state_due_on_idx" ON "learning_action"("state", "due_on");

-- AddForeignKey
ALTER TABLE "audit_round" ADD CONSTRAINT "audit_round_source_agency_id_fkey" FOREIGN KEY ("source_agency_id") REFERENCES "agency"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "audit_round" ADD CONSTRAINT "audit_round_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "audit_round" ADD CONSTRAINT "audit_round_closed_by_id_fkey" FOREIGN KEY ("closed_by_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "audit_round_agency" ADD CONSTRAINT "audit_round_agency_round_id_fkey" FOREIGN KEY ("round_id") REFERENCES "audit_round"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "audit_round_agency" ADD CONSTRAINT "audit_round_agency_agency_id_fkey" FOREIGN KEY ("agency_id") REFERENCES "agency"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "audit_round_agency" ADD CONSTRAINT "audit_round_agency_submitted_by_id_fkey" FOREIGN KEY ("submitted_by_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "audit_item" ADD CONSTRAINT "audit_item_round_id_fkey" FOREIGN KEY ("round_id") REFERENCES "audit_round"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "audit_item" ADD CONSTRAINT "audit_item_contact_id_fkey" FOREIGN KEY ("contact_id") REFERENCES "contact"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "audit_item" ADD CONSTRAINT "audit_item_decision_id_fkey" FOREIGN KEY ("decision_id") REFERENCES "threshold_decision"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "audit_item" ADD CONSTRAINT "audit_item_moderated_by_id_fkey" FOREIGN KEY ("moderated_by_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "audit_grade" ADD CONSTRAINT "audit_grade_item_id_round_id_fkey" FOREIGN KEY ("item_id", "round_id") REFERENCES "audit_item"("id", "round_id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "audit_grade" ADD CONSTRAINT "audit_grade_agency_id_fkey" FOREIGN KEY ("agency_id") REFERENCES "agency"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "audit_grade" ADD CONSTRAINT "audit_grade_round_id_agency_id_fkey" FOREIGN KEY ("round_id", "agency_id") REFERENCES "audit_round_agency"("round_id", "agency_id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "audit_grade" ADD CONSTRAINT "audit_grade_graded_by_id_fkey" FOREIGN KEY ("graded_by_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "audit_finding" ADD CONSTRAINT "audit_finding_round_id_fkey" FOREIGN KEY ("round_id") REFERENCES "audit_round"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "audit_finding" ADD CONSTRAINT "audit_finding_item_id_fkey" FOREIGN KEY ("item_id") REFERENCES "audit_item"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "audit_finding" ADD CONSTRAINT "audit_finding_recorded_by_id_fkey" FOREIGN KEY ("recorded_by_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "audit_finding" ADD CONSTRAINT "audit_finding_disagreement_id_fkey" FOREIGN KEY ("disagreement_id") REFERENCES "disagreement"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "audit_finding_theme" ADD CONSTRAINT "audit_finding_theme_finding_id_fkey" FOREIGN KEY ("finding_id") REFERENCES "audit_finding"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "audit_finding_theme" ADD CONSTRAINT "audit_finding_theme_theme_id_fkey" FOREIGN KEY ("theme_id") REFERENCES "theme"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "learning_action" ADD CONSTRAINT "learning_action_owning_agency_id_fkey" FOREIGN KEY ("owning_agency_id") REFERENCES "agency"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "learning_action" ADD CONSTRAINT "learning_action_completed_by_id_fkey" FOREIGN KEY ("completed_by_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "learning_action" ADD CONSTRAINT "learning_action_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "learning_action" ADD CONSTRAINT "learning_action_audit_finding_id_fkey" FOREIGN KEY ("audit_finding_id") REFERENCES "audit_finding"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "learning_action" ADD CONSTRAINT "learning_action_disagreement_id_fkey" FOREIGN KEY ("disagreement_id") REFERENCES "disagreement"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "learning_action" ADD CONSTRAINT "learning_action_theme_id_fkey" FOREIGN KEY ("theme_id") REFERENCES "theme"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "learning_action" ADD CONSTRAINT "learning_action_meeting_id_fkey" FOREIGN KEY ("meeting_id") REFERENCES "strategy_meeting"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- ---------------------------------------------------------------------------------------------
-- Hand-written: what the code assumes, enforced here.
ALTER TABLE "audit_round" ADD CONSTRAINT "audit_round_title_check" CHECK (length(btrim("title")) > 0);
ALTER TABLE "audit_round" ADD CONSTRAINT "audit_round_period_check" CHECK ("period_start" <= "period_end");
ALTER TABLE "audit_round" ADD CONSTRAINT "audit_round_sample_size_check" CHECK ("sample_size" IS NULL OR "sample_size" BETWEEN 1 AND 200);
ALTER TABLE "audit_round" ADD CONSTRAINT "audit_round_source_agency_check" CHECK (("sample_rule" = 'SOURCE_AGENCY') = ("source_agency_id" IS NOT NULL));
ALTER TABLE "audit_round" ADD CONSTRAINT "audit_round_threshold_level_check" CHECK (("sample_rule" = 'THRESHOLD_LEVEL') = ("threshold_level" IS NOT NULL) AND ("threshold_level" IS NULL OR "threshold_level" BETWEEN 1 AND 4));
ALTER TABLE "audit_round" ADD CONSTRAINT "audit_round_state_check" CHECK (
  ("state" = 'GRADING' AND "moderation_started_at" IS NULL AND "closed_at" IS NULL)
  OR ("state" = 'MODERATION' AND "moderation_started_at" IS NOT NULL AND "closed_at" IS NULL)
  OR ("state" = 'CLOSED' AND "moderation_started_at" IS NOT NULL AND "closed_at" IS NOT NULL AND "closed_by_id" IS NOT NULL));
ALTER TABLE "audit_round_agency" ADD CONSTRAINT "audit_round_agency_submitted_check" CHECK (("submitted_at" IS NULL) = ("submitted_by_id" IS NULL));
ALTER TABLE "audit_item" ADD CONSTRAINT "audit_item_position_check" CHECK ("position" >= 1);
ALTER TABLE "audit_item" ADD CONSTRAINT "audit_item_moderated_check" CHECK (
  ("moderated_at" IS NULL AND "moderated_by_id" IS NULL AND "agreed_level_right" IS NULL AND "agreed_outcome_safe" IS NULL AND "agreed_rationale_recorded" IS NULL)
  OR ("moderated_at" IS NOT NULL AND "moderated_by_id" IS NOT NULL AND "agreed_level_right" IS NOT NULL AND "agreed_outcome_safe" IS NOT NULL AND "agreed_rationale_recorded" IS NOT NULL));
ALTER TABLE "audit_grade" ADD CONSTRAINT "audit_grade_reason_check" CHECK (length(btrim("reason")) > 0);
ALTER TABLE "audit_finding" ADD CONSTRAINT "audit_finding_summary_check" CHECK (length(btrim("summary")) > 0);
ALTER TABLE "learning_action" ADD CONSTRAINT "learning_action_text_check" CHECK (length(btrim("title")) > 0 AND length(btrim("description")) > 0);
-- Exactly one source: an audit finding, a disagreement, a theme across disagreements, or a meeting.
ALTER TABLE "learning_action" ADD CONSTRAINT "learning_action_one_source_check" CHECK (num_nonnulls("audit_finding_id", "disagreement_id", "theme_id", "meeting_id") = 1);
-- Completed only with evidence, by someone, at a time; open has none of these.
ALTER TABLE "learning_action" ADD CONSTRAINT "learning_action_completed_check" CHECK (
  ("state" = 'OPEN' AND "completed_at" IS NULL AND "completed_by_id" IS NULL AND "evidence" IS NULL)
  OR ("state" = 'COMPLETED' AND "completed_at" IS NOT NULL AND "completed_by_id" IS NOT NULL AND length(btrim(coalesce("evidence", ''))) > 0));

-- Two new roles. An auditor grades sampled front-door decisions for their agency in the rounds it
-- takes part in. A scrutineer (the partnership's independent scrutiny) reads figures, audit
-- rounds, learning actions and disagreement summaries, and changes nothing.
INSERT INTO "role" ("name", "label", "description") VALUES
  ('auditor',    'Auditor',    'Grades sampled front-door decisions for their agency in the partnership''s joint audit rounds.'),
  ('scrutineer', 'Scrutineer', 'Independent scrutiny: reads the partnership''s figures, audit rounds, learning actions and disagreement summaries; changes nothing.');

INSERT INTO "permission" ("action", "entity", "access", "description") VALUES
  ('manage',   'audit_round',     'any',        'Create joint audit rounds, moderate them and agree their findings'),
  ('read',     'audit_round',     'any',        'See every joint audit round, its grades once all have graded, and its findings'),
  ('read',     'audit_round',     'own_agency', 'See the audit rounds their agency takes part in'),
  ('grade',    'audit_round',     'own_agency', 'Grade sampled decisions for their agency in the rounds it takes part in'),
  ('manage',   'learning_action', 'any',        'Create learning actions for any agency from findings, disagreements or meetings'),
  ('read',     'learning_action', 'any',        'See every agency''s learning actions'),
  ('read',     'learning_action', 'own_agency', 'See their own agency''s learning actions'),
  ('complete', 'learning_action', 'own_agency', 'Record evidence that their agency completed a learning action'),
  ('read',     'disagreement_summary', 'any',   'See summaries of every disagreement (case reference, agencies, stage, outcome, themes), without the case''s details');

INSERT INTO "role_permission" ("role_id", "permission_id", "agency_kind")
SELECT r.id, p.id, NULL
FROM (VALUES
  ('partnership_chair', 'manage:audit_round:any'),
  ('partnership_chair', 'read:audit_round:any'),
  ('partnership_chair', 'manage:learning_action:any'),
  ('partnership_chair', 'read:learning_action:any'),
  ('partnership_chair', 'read:disagreement_summary:any'),
  ('auditor',           'read:agency:any'),
  ('auditor',           'read:audit_round:own_agency'),
  ('auditor',           'grade:audit_round:own_agency'),
  ('manager',           'read:learning_action:own_agency'),
  ('manager',           'complete:learning_action:own_agency'),
  ('scrutineer',        'read:agency:any'),
  ('scrutineer',        'read:audit_round:any'),
  ('scrutineer',        'read:learning_action:any'),
  ('scrutineer',        'read:figures:any'),
  ('scrutineer',        'read:disagreement_summary:any')
) AS grant_row (role_name, permission)
JOIN "role" r ON r.name = grant_row.role_name
JOIN "permission" p ON p.action || ':' || p.entity || ':' || p.access = grant_row.permission;
