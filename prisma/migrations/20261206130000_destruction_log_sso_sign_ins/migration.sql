-- Single sign-ons in progress are purged hourly too, and the destruction log says so.
ALTER TABLE "destruction_log" DROP CONSTRAINT "destruction_log_class_check";
ALTER TABLE "destruction_log" ADD CONSTRAINT "destruction_log_class_check" CHECK ("record_class" IN ('contacts', 'discussion_requests', 'meetings', 'disagreements', 'cases', 'audit_events', 'sessions', 'sign_in_attempts', 'sent_mail', 'sso_sign_ins'));
