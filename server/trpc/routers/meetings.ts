import { z } from "zod";
import { router, protectedProcedure } from "../init";
import { checkRequiredAgencies, conveneMeeting, invitableAgencies, listChairs } from "../../domain/meetings/convene";
import { meetingAbilities } from "../../domain/access/policy";
import { getMeeting, listMeetings } from "../../domain/meetings/view";
import { recordEnquiryOutcome } from "../../domain/meetings/follow-through";
import { listActionsInputSchema, listMeetingsInputSchema } from "../../domain/lists/schemas";
import {
  addMeetingAction,
  approveMinutes,
  completeAction,
  draftMinutes,
  endMeeting,
  listAgencyActions,
  markPresent,
  meetingEventsAfter,
  markMinutesRead,
  recordMeetingDecision,
  respondToInvitation,
  startMeeting,
  updateSummary,
  viewMinutes,
} from "../../domain/meetings/room";
import {
  addActionInputSchema,
  completeActionInputSchema,
  conveneMeetingInputSchema,
  draftMinutesInputSchema,
  enquiryOutcomeInputSchema,
  markPresentInputSchema,
  meetingDecisionInputSchema,
  meetingIdSchema,
  respondInputSchema,
  startMeetingInputSchema,
  summaryInputSchema,
} from "../../domain/meetings/schemas";
import { meetingChairRolesInputSchema, meetingDueWorkingDays, meetingDueWorkingDaysSchema, updateMeetingChairRoles, updateMeetingDueWorkingDays, viewMeetingChairRoles } from "../../domain/settings/settings";
import { conveneSuggestions } from "../../domain/meetings/required-agencies";
import { declineRequest, declineRequestInputSchema, getRequest, listRequests, listRequestsInputSchema, requestBackers, requestDiscussion, requestDiscussionInputSchema, requestIdSchema } from "../../domain/meetings/requests";
import { requestAbilities } from "../../domain/access/policy";
import { conferenceClockFrom, conferenceClockFromSchema, updateConferenceClockFrom } from "../../domain/settings/settings";

const RELOAD = "This page is out of date. Reload it and try again.";

export const meetingsRouter = router({
  list: protectedProcedure
    .input(listMeetingsInputSchema)
    .query(({ ctx, input }) => listMeetings(ctx.services, ctx.actor, input, { requestId: ctx.requestId })),
  get: protectedProcedure.input(meetingIdSchema).query(({ ctx, input }) => getMeeting(ctx.services, ctx.actor, input.meetingId, { requestId: ctx.requestId })),
  eventsAfter: protectedProcedure
    .input(z.object({ meetingId: z.uuid({ error: "That meeting was not found" }), lastSeq: z.number({ error: RELOAD }).int(RELOAD).min(0, RELOAD).max(Number.MAX_SAFE_INTEGER, RELOAD) }))
    .query(({ ctx, input }) => meetingEventsAfter(ctx.services, ctx.actor, input)),
  /** Before sending: which required agencies the chosen invitation list leaves out. */
  checkRequiredAgencies: protectedProcedure
    .input(z.object({ agencyIds: z.array(z.uuid({ error: "Choose agencies from the list" }), { error: "Choose agencies from the list" }).max(30, "Choose up to 30 agencies") }))
    .query(({ ctx, input }) => checkRequiredAgencies(ctx.services, ctx.actor, input.agencyIds)),
  chairs: protectedProcedure.query(({ ctx }) => listChairs(ctx.services, ctx.actor)),
  invitableAgencies: protectedProcedure.query(({ ctx }) => invitableAgencies(ctx.services, ctx.actor)),
  /** The agencies to suggest on the convene form (referring agency, child's school) and the providers to prompt for. */
  suggestedAgencies: protectedProcedure
    .input(z.object({ contactId: z.uuid({ error: "That contact was not found" }).optional(), requestId: z.uuid({ error: "That request was not found" }).optional() }))
    .query(({ ctx, input }) => conveneSuggestions(ctx.services, ctx.actor, input)),
  convene: protectedProcedure.input(conveneMeetingInputSchema).mutation(({ ctx, input }) => conveneMeeting(ctx.services, ctx.actor, input, { requestId: ctx.requestId })),
  respond: protectedProcedure.input(respondInputSchema).mutation(({ ctx, input }) => respondToInvitation(ctx.services, ctx.actor, input, { requestId: ctx.requestId })),
  markPresent: protectedProcedure.input(markPresentInputSchema).mutation(({ ctx, input }) => markPresent(ctx.services, ctx.actor, input, { requestId: ctx.requestId })),
  updateSummary: protectedProcedure.input(summaryInputSchema).mutation(({ ctx, input }) => updateSummary(ctx.services, ctx.actor, input, { requestId: ctx.requestId })),
  recordDecision: protectedProcedure.input(meetingDecisionInputSchema).mutation(({ ctx, input }) => recordMeetingDecision(ctx.services, ctx.actor, input, { requestId: ctx.requestId })),
  addAction: protectedProcedure.input(addActionInputSchema).mutation(({ ctx, input }) => addMeetingAction(ctx.services, ctx.actor, input, { requestId: ctx.requestId })),
  start: protectedProcedure.input(startMeetingInputSchema).mutation(({ ctx, input }) => startMeeting(ctx.services, ctx.actor, input, { requestId: ctx.requestId })),
  end: protectedProcedure.input(meetingIdSchema).mutation(({ ctx, input }) => endMeeting(ctx.services, ctx.actor, input, { requestId: ctx.requestId })),
  draftMinutes: protectedProcedure.input(draftMinutesInputSchema).mutation(({ ctx, input }) => draftMinutes(ctx.services, ctx.actor, input, { requestId: ctx.requestId })),
  approveMinutes: protectedProcedure.input(meetingIdSchema).mutation(({ ctx, input }) => approveMinutes(ctx.services, ctx.actor, input, { requestId: ctx.requestId })),
  /** Reading the minutes changes nothing; marking them read is a separate mutation (a POST). */
  minutes: protectedProcedure.input(meetingIdSchema).query(({ ctx, input }) => viewMinutes(ctx.services, ctx.actor, input, { requestId: ctx.requestId })),
  markMinutesRead: protectedProcedure.input(meetingIdSchema).mutation(({ ctx, input }) => markMinutesRead(ctx.services, ctx.actor, input, { requestId: ctx.requestId })),
  /** The council records the outcome of a child's section 47 enquiry (once); everyone who took part is emailed. */
  recordEnquiryOutcome: protectedProcedure.input(enquiryOutcomeInputSchema).mutation(({ ctx, input }) => recordEnquiryOutcome(ctx.services, ctx.actor, input, { requestId: ctx.requestId })),
  abilities: protectedProcedure.query(({ ctx }) => meetingAbilities(ctx.actor)),
});

export const actionsRouter = router({
  mine: protectedProcedure.input(listActionsInputSchema).query(({ ctx, input }) => listAgencyActions(ctx.services, ctx.actor, input)),
  complete: protectedProcedure.input(completeActionInputSchema).mutation(({ ctx, input }) => completeAction(ctx.services, ctx.actor, input, { requestId: ctx.requestId })),
});

export const meetingSettingsRouter = router({
  dueWorkingDays: protectedProcedure.query(({ ctx }) => meetingDueWorkingDays(ctx.services.db)),
  setDueWorkingDays: protectedProcedure
    .input(z.object({ days: meetingDueWorkingDaysSchema }))
    .mutation(({ ctx, input }) => updateMeetingDueWorkingDays(ctx.services, ctx.actor, input, { requestId: ctx.requestId })),
  /** Whether the conference clock runs from the first or the latest strategy discussion about the child. */
  conferenceClockFrom: protectedProcedure.query(({ ctx }) => conferenceClockFrom(ctx.services.db)),
  setConferenceClockFrom: protectedProcedure
    .input(z.object({ from: conferenceClockFromSchema }))
    .mutation(({ ctx, input }) => updateConferenceClockFrom(ctx.services, ctx.actor, input, { requestId: ctx.requestId })),
  /** Which roles chair strategy meetings, and the roles that could. */
  chairRoles: protectedProcedure.query(({ ctx }) => viewMeetingChairRoles(ctx.services, ctx.actor)),
  setChairRoles: protectedProcedure.input(meetingChairRolesInputSchema).mutation(({ ctx, input }) => updateMeetingChairRoles(ctx.services, ctx.actor, input, { requestId: ctx.requestId })),
});

/** Partners ask the council for a strategy discussion; the front door convenes (meetings.convene with requestId) or declines. */
export const discussionRequestsRouter = router({
  list: protectedProcedure.input(listRequestsInputSchema).query(({ ctx, input }) => listRequests(ctx.services, ctx.actor, input, { requestId: ctx.requestId })),
  get: protectedProcedure.input(requestIdSchema).query(({ ctx, input }) => getRequest(ctx.services, ctx.actor, input.requestId, { requestId: ctx.requestId })),
  backers: protectedProcedure.query(({ ctx }) => requestBackers(ctx.services, ctx.actor)),
  create: protectedProcedure.input(requestDiscussionInputSchema).mutation(({ ctx, input }) => requestDiscussion(ctx.services, ctx.actor, input, { requestId: ctx.requestId })),
  decline: protectedProcedure.input(declineRequestInputSchema).mutation(({ ctx, input }) => declineRequest(ctx.services, ctx.actor, input, { requestId: ctx.requestId })),
  abilities: protectedProcedure.query(({ ctx }) => requestAbilities(ctx.actor)),
});
