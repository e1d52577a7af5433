-- Checking in to a live meeting in one round trip (issue 14, docs/decisions/0043). Joining is the
-- room's commonest change: every person's every device. Through Prisma it was nine statements in
-- a transaction (about 8 ms before the room heard of it); this function does the same work in one
-- statement, and closes a race the statements left open: it takes the meeting's row lock first,
-- so a join that arrives while the chair ends the meeting waits and is then refused, rather than
-- recording someone as present after the end.
--
-- Who may join is decided by the abilities (server/domain/access/meetings.ts); the caller passes
-- their answers: whether the person sees every meeting, or only those their agency is invited to,
-- and whether they may answer for their own agency. The checks run in the same order as every
-- other change to a meeting (changeMeeting in server/domain/meetings/room.ts): not visible, then
-- ended, then not allowed; each ends the call having written nothing.
--
-- Outcomes: 'not_found', 'closed', 'forbidden'; 'repeat' (this connection already has an open
-- attendance: its id, nothing written); 'joined' (attendance, the agency's invitation marked
-- attended, the event at the next sequence number, the audit row).
CREATE FUNCTION concord_join_meeting(
  p_meeting_id uuid,
  p_user_id uuid,
  p_agency_id uuid,
  p_name text,
  p_connection_id text,
  p_sees_all boolean,
  p_may_respond boolean,
  p_now timestamptz,
  p_request_id text
) RETURNS TABLE (outcome text, attendance_id uuid, seq integer, invited_agency_ids uuid[])
LANGUAGE plpgsql AS $$
DECLARE
  v_status "MeetingStatus";
  v_invited uuid[];
  v_attendance uuid;
  v_seq integer;
BEGIN
  -- NO KEY UPDATE: the same lock the version bump below takes, so joins and the chair's changes
  -- queue here; rows that merely refer to the meeting (attendance, events) are not blocked.
  SELECT m.status INTO v_status FROM strategy_meeting m WHERE m.id = p_meeting_id FOR NO KEY UPDATE;
  IF NOT FOUND THEN
    RETURN QUERY SELECT 'not_found'::text, NULL::uuid, NULL::integer, NULL::uuid[];
    RETURN;
  END IF;
  SELECT coalesce(array_agg(i.agency_id), '{}') INTO v_invited FROM meeting_invitation i WHERE i.meeting_id = p_meeting_id;
  IF NOT (p_sees_all OR p_agency_id = ANY (v_invited)) THEN
    RETURN QUERY SELECT 'not_found'::text, NULL::uuid, NULL::integer, NULL::uuid[];
    RETURN;
  END IF;
  IF v_status = 'CLOSED' THEN
    RETURN QUERY SELECT 'closed'::text, NULL::uuid, NULL::integer, v_invited;
    RETURN;
  END IF;
  IF NOT p_may_respond THEN
    RETURN QUERY SELECT 'forbidden'::text, NULL::uuid, NULL::integer, v_invited;
    RETURN;
  END IF;

  -- One open attendance per connection (meeting_attendance_one_open_per_connection).
  INSERT INTO meeting_attendance (meeting_id, agency_id, user_id, name, joined_at, connection_id)
  VALUES (p_meeting_id, p_agency_id, p_user_id, p_name, p_now, p_connection_id)
  ON CONFLICT DO NOTHING
  RETURNING id INTO v_attendance;
  IF v_attendance IS NULL THEN
    SELECT a.id INTO v_attendance FROM meeting_attendance a
    WHERE a.meeting_id = p_meeting_id AND a.connection_id = p_connection_id AND a.left_at IS NULL;
    RETURN QUERY SELECT 'repeat'::text, v_attendance, NULL::integer, v_invited;
    RETURN;
  END IF;

  -- The invitation's "attended", for the figures: only the agency's first arrival writes it.
  UPDATE meeting_invitation SET attended_at = p_now
  WHERE meeting_id = p_meeting_id AND agency_id = p_agency_id AND attended_at IS NULL;

  -- The event log: strategy_meeting.version is the last sequence number (appendMeetingEvent).
  UPDATE strategy_meeting SET version = version + 1 WHERE id = p_meeting_id RETURNING version INTO v_seq;
  INSERT INTO meeting_event (meeting_id, seq, type, payload, actor_id, occurred_at)
  VALUES (p_meeting_id, v_seq, 'attendee.joined',
          jsonb_build_object('attendanceId', v_attendance, 'userId', p_user_id, 'agencyId', p_agency_id, 'name', p_name),
          p_user_id, p_now);

  -- As recordAudit writes it (server/domain/audit/audit.ts).
  INSERT INTO audit_event (actor_user_id, actor_agency_id, action, entity_type, entity_id, detail, request_id)
  VALUES (p_user_id, p_agency_id, 'meeting.join', 'meeting', p_meeting_id::text, jsonb_build_object('seq', v_seq), p_request_id);

  RETURN QUERY SELECT 'joined'::text, v_attendance, v_seq, v_invited;
END
$$;
