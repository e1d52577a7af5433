import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { Checkboxes, ErrorSummary, Radios, SuccessBanner, TextInput } from "~/components/form";
import { CONFERENCE_CLOCK_LABELS } from "../../server/domain/meetings/labels";
import { STAGE_ACTOR_LABELS } from "../../server/domain/disagreements/labels";
import { loadPage, toFormResponse, readForm } from "~/utils/errors.server";
import { formatDate, formatDateTime } from "~/utils/format";

const MAX_STAGES = 6;

export const meta: MetaFunction = () => [{ title: "Settings - Concord" }];

export async function loader({ context, request }: LoaderFunctionArgs) {
  return loadPage(request, async () => {
    const [holidays, levels, meetingDays, ladder, sessions, chairRoles, conferenceFrom, threshold, retention, accessReview, destructionLog, secondFactor] = await Promise.all([
      context.trpc.settings.bankHolidays(),
      context.trpc.settings.thresholdLevels(),
      context.trpc.meetingSettings.dueWorkingDays(),
      context.trpc.disagreements.ladder(),
      context.trpc.auth.sessionLifetimes(),
      context.trpc.meetingSettings.chairRoles(),
      context.trpc.meetingSettings.conferenceClockFrom(),
      context.trpc.figures.attendanceThreshold(),
      context.trpc.retention.schedule(),
      context.trpc.accessReview.settings(),
      context.trpc.retention.destructionLog(),
      context.trpc.auth.secondFactorPolicy(),
    ]);
    return json({ holidays, levels, meetingDays, ladder, sessions, chairRoles, conferenceFrom, threshold, retention, accessReview, destructionLog, secondFactor });
  });
}

export async function action({ context, request }: ActionFunctionArgs) {
  const form = await readForm(request);
  const text = (name: string) => String(form.get(name) ?? "");
  try {
    switch (text("intent")) {
      case "add-holiday":
        await context.trpc.settings.addBankHoliday({ date: text("date"), name: text("name") });
        return json({ done: "Bank holiday added" });
      case "ladder": {
        // Rows with a name are the stages, in order; a blank row between two stages is a gap.
        const rows = Array.from({ length: MAX_STAGES }, (_, i) => ({
          label: text(`stages.${i}.label`),
          raisingActor: text(`stages.${i}.raisingActor`) as never,
          receivingActor: text(`stages.${i}.receivingActor`) as never,
          workingDays: text(`stages.${i}.workingDays`) as never,
          urgentWorkingDays: text(`stages.${i}.urgentWorkingDays`) as never,
        }));
        const used = rows.map((r) => r.label.trim() !== "");
        const last = used.lastIndexOf(true);
        const gap = used.slice(0, last + 1).indexOf(false);
        if (gap !== -1) return json({ errors: { formError: `Stage ${gap + 1} has no name: stages follow one another with no gaps`, fieldErrors: { [`stages.${gap}.label`]: `Give stage ${gap + 1} a name, or move the later stages up` } } }, { status: 400 });
        const saved = await context.trpc.disagreements.saveLadder({ stages: rows.slice(0, last + 1), urgentCutoff: text("urgentCutoff"), workingDayEnd: text("workingDayEnd"), moveOpen: form.get("moveOpen") === "yes" });
        return json({ done: `Escalation ladder saved as version ${saved.version}${saved.moved ? `; ${saved.moved} open disagreement${saved.moved === 1 ? "" : "s"} moved onto it` : ""}` });
      }
      case "meeting-days":
        await context.trpc.meetingSettings.setDueWorkingDays({ days: Number(text("days")) });
        return json({ done: "Meeting timescale updated" });
      case "chair-roles":
        await context.trpc.meetingSettings.setChairRoles({ roles: form.getAll("roles").map(String) as never });
        return json({ done: "Who chairs strategy meetings updated" });
      case "conference-clock":
        await context.trpc.meetingSettings.setConferenceClockFrom({ from: text("from") as never });
        return json({ done: "Conference timescale updated" });
      case "attendance-threshold":
        await context.trpc.figures.setAttendanceThreshold({ percent: text("percent") as never });
        return json({ done: "Attendance threshold updated" });
      case "session-lifetimes":
        await context.trpc.auth.setSessionLifetimes({ idleMinutes: Number(text("idleMinutes")), absoluteHours: Number(text("absoluteHours")) });
        return json({ done: "Session timeouts updated" });
      case "retention":
        await context.trpc.retention.setSchedule({ contacts: text("contacts") as never, meetings: text("meetings") as never, disagreements: text("disagreements") as never, audit: text("audit") as never });
        return json({ done: "Retention schedule updated" });
      case "access-review":
        await context.trpc.accessReview.setSettings({ reviewDays: text("reviewDays") as never, unusedDays: text("unusedDays") as never });
        return json({ done: "Access review settings updated" });
      case "second-factor":
        await context.trpc.auth.setSecondFactorPolicy({ everyone: text("everyone") as never });
        return json({ done: "Two-factor sign-in setting updated" });
      case "remove-holiday":
        await context.trpc.settings.removeBankHoliday({ date: text("date") });
        return json({ done: "Bank holiday removed" });
      default:
        await context.trpc.settings.updateThresholdLevel({ level: Number(text("level")), label: text("label"), description: text("description") });
        return json({ done: "Threshold level updated" });
    }
  } catch (error) {
    return toFormResponse(error, request);
  }
}

export default function Settings() {
  const { holidays, levels, meetingDays, ladder, sessions, chairRoles, conferenceFrom, threshold, retention, accessReview, destructionLog, secondFactor } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result && "errors" in result ? result.errors : undefined;
  const done = result && "done" in result ? result.done : undefined;
  const upcoming = holidays.filter((h) => h.date >= new Date().toISOString().slice(0, 10));
  return (
    <>
      <h1 className="govuk-heading-l">Settings</h1>
      {done ? <SuccessBanner id="done-title" heading={done} /> : null}
      <ErrorSummary formError={errors?.formError} fieldErrors={errors?.fieldErrors} />
      <h2 className="govuk-heading-m">Strategy meeting timescale</h2>
      <Form method="post" className="govuk-!-margin-bottom-6">
        <input type="hidden" name="intent" value="meeting-days" />
        <div className="govuk-form-group">
          <label className="govuk-label" htmlFor="days">Working days from the decision to the meeting (1 to 3)</label>
          <input className="govuk-input govuk-input--width-2" id="days" name="days" inputMode="numeric" defaultValue={meetingDays} />
        </div>
        <button type="submit" className="govuk-button govuk-button--secondary">Save timescale</button>
      </Form>
      <h2 className="govuk-heading-m">Who chairs strategy meetings</h2>
      <p className="govuk-body">A children's social care manager chairs a strategy discussion. Choose which of the council's roles that convene meetings may also chair them.</p>
      <Form method="post" noValidate className="govuk-!-margin-bottom-6" data-testid="chair-roles-form">
        <input type="hidden" name="intent" value="chair-roles" />
        <Checkboxes name="roles" legend="Roles that may chair" options={chairRoles.options.map((o) => ({ value: o.name, label: o.label }))} defaultValues={chairRoles.roles} error={errors?.fieldErrors.roles} />
        <button type="submit" className="govuk-button govuk-button--secondary">Save who chairs</button>
      </Form>
      <h2 className="govuk-heading-m">Initial child protection conference</h2>
      <p className="govuk-body">A section 47 enquiry leads to an initial child protection conference within 15 working days. It now runs from {CONFERENCE_CLOCK_LABELS[conferenceFrom]}.</p>
      <Form method="post" noValidate className="govuk-!-margin-bottom-6">
        <input type="hidden" name="intent" value="conference-clock" />
        <Radios
          name="from"
          legend="The 15 working days run from"
          small
          defaultValue={conferenceFrom}
          options={Object.entries(CONFERENCE_CLOCK_LABELS).map(([value, label]) => ({ value, label: label.charAt(0).toUpperCase() + label.slice(1) }))}
          error={errors?.fieldErrors.from}
        />
        <button type="submit" className="govuk-button govuk-button--secondary">Save conference timescale</button>
      </Form>
      <h2 className="govuk-heading-m">Attendance threshold</h2>
      <p className="govuk-body">The figures flag an agency that attended fewer than this share of the strategy meetings it was invited to, and the partnership chair sees it among their tasks.</p>
      <Form method="post" noValidate className="govuk-!-margin-bottom-6">
        <input type="hidden" name="intent" value="attendance-threshold" />
        <TextInput name="percent" label="Attendance threshold (%, 1 to 100)" width="2" defaultValue={String(threshold.percent)} error={errors?.fieldErrors.percent} autoComplete="off" />
        <button type="submit" className="govuk-button govuk-button--secondary">Save attendance threshold</button>
      </Form>
      <h2 className="govuk-heading-m">Signing out</h2>
      <p className="govuk-body">Concord signs a person out after a time without use, and always after a number of hours from signing in. Closing the browser also signs out.</p>
      <Form method="post" noValidate className="govuk-!-margin-bottom-6">
        <input type="hidden" name="intent" value="session-lifetimes" />
        <TextInput name="idleMinutes" label="Minutes without use before signing out (5 to 240)" width="2" defaultValue={String(sessions.idleMinutes)} error={errors?.fieldErrors.idleMinutes} autoComplete="off" />
        <TextInput name="absoluteHours" label="Hours after signing in before signing out (1 to 24)" width="2" defaultValue={String(sessions.absoluteHours)} error={errors?.fieldErrors.absoluteHours} autoComplete="off" />
        <button type="submit" className="govuk-button govuk-button--secondary">Save session timeouts</button>
      </Form>
      <h2 className="govuk-heading-m" id="retention">Retention</h2>
      <p className="govuk-body">
        How long Concord keeps each class of case record, in whole years. At the end of its period a record is anonymised (its free text, names and the child's details removed; dates, levels,
        outcomes and agencies kept, so the figures do not change) unless a <a className="govuk-link" href="/legal-holds">legal hold</a> keeps it. Audit events are deleted in whole months.
        Confirm the periods with your partners' data protection officers; Concord refuses a period shorter than the schedule's minimum.
      </p>
      <Form method="post" noValidate className="govuk-!-margin-bottom-6" data-testid="retention-form">
        <input type="hidden" name="intent" value="retention" />
        {(["contacts", "meetings", "disagreements", "audit"] as const).map((c) => (
          <TextInput
            key={c}
            name={c}
            label={`${retention.rules[c].label}: years from ${retention.rules[c].runsFrom}`}
            hint={`At least ${retention.rules[c].minimumYears} years; the default is ${retention.rules[c].defaultYears}. Then ${retention.rules[c].atTheEnd === "delete" ? "deleted" : "anonymised"}.`}
            width="2"
            defaultValue={String(retention.years[c])}
            error={errors?.fieldErrors[c]}
            autoComplete="off"
          />
        ))}
        <button type="submit" className="govuk-button govuk-button--secondary">Save retention schedule</button>
      </Form>
      <h3 className="govuk-heading-s">Destruction log</h3>
      {destructionLog.length === 0 ? (
        <p className="govuk-body" data-testid="destruction-log-empty">Nothing has been anonymised or deleted yet.</p>
      ) : (
        <div className="concord-table-scroll" role="region" aria-label="Destruction log" tabIndex={0}>
          <table className="govuk-table" data-testid="destruction-log">
            <caption className="govuk-table__caption govuk-table__caption--s">The latest {destructionLog.length} entries, newest first</caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <th scope="col" className="govuk-table__header">When</th>
                <th scope="col" className="govuk-table__header">Records</th>
                <th scope="col" className="govuk-table__header">How many</th>
                <th scope="col" className="govuk-table__header">Rule</th>
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {destructionLog.map((entry) => (
                <tr className="govuk-table__row" key={entry.id}>
                  <td className="govuk-table__cell">{formatDateTime(entry.runAt)}</td>
                  <td className="govuk-table__cell">{entry.recordClass.replace(/_/g, " ")} {entry.action}</td>
                  <td className="govuk-table__cell">{entry.count}</td>
                  <td className="govuk-table__cell">{entry.rule}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h2 className="govuk-heading-m">Access review</h2>
      <p className="govuk-body">Each agency's managers confirm, person by person, who still needs access. Accounts with no sign-in for the set time are suspended automatically.</p>
      <Form method="post" noValidate className="govuk-!-margin-bottom-6">
        <input type="hidden" name="intent" value="access-review" />
        <TextInput name="reviewDays" label="Days between access reviews (7 to 365)" width="10" defaultValue={String(accessReview.reviewDays)} error={errors?.fieldErrors.reviewDays} autoComplete="off" />
        <TextInput name="unusedDays" label="Days without a sign-in before an account is suspended (30 to 365)" width="10" defaultValue={String(accessReview.unusedDays)} error={errors?.fieldErrors.unusedDays} autoComplete="off" />
        <button type="submit" className="govuk-button govuk-button--secondary">Save access review settings</button>
      </Form>
      <h2 className="govuk-heading-m">Two-factor sign-in</h2>
      <p className="govuk-body">
        Managers, partnership chairs and administrators who sign in with a password always enter a code from an authenticator app too. You can ask everyone who signs
        in with a password to do the same; they set up an app at their next sign-in.
      </p>
      <Form method="post" noValidate className="govuk-!-margin-bottom-6" data-testid="second-factor-form">
        <input type="hidden" name="intent" value="second-factor" />
        <Radios
          name="everyone"
          legend="Who must use two-factor sign-in"
          small
          options={[
            { value: "no", label: "Managers, partnership chairs and administrators" },
            { value: "yes", label: "Everyone who signs in with a password" },
          ]}
          defaultValue={secondFactor.everyone}
          error={errors?.fieldErrors.everyone}
        />
        <button type="submit" className="govuk-button govuk-button--secondary">Save two-factor setting</button>
      </Form>
      <h2 className="govuk-heading-m">Escalation ladder</h2>
      <p className="govuk-body">
        The partnership's stages for resolving professional disagreements: 3 to 6, each with who acts for the agency that raised it and for the other agency, and its timescale.
        Saving makes a new version (now version {ladder.version}): an open disagreement keeps the version it started on unless you move it.
        Urgent stages (a child may be at risk of significant harm) are due by the end of the working day they start, or the next working day's end after the cut-off.
      </p>
      <Form method="post" noValidate className="govuk-!-margin-bottom-6" data-testid="ladder-form">
        <input type="hidden" name="intent" value="ladder" />
        {Array.from({ length: MAX_STAGES }, (_, i) => {
          const stage = ladder.stages[i];
          const field = (name: string) => `stages.${i}.${name}`;
          const err = (name: string) => errors?.fieldErrors[field(name)];
          const actorSelect = (name: "raisingActor" | "receivingActor", label: string) => (
            <div className={`govuk-form-group${err(name) ? " govuk-form-group--error" : ""}`}>
              <label className="govuk-label" htmlFor={field(name)}>{label}</label>
              {err(name) ? <p className="govuk-error-message" id={`${field(name)}-error`}><span className="govuk-visually-hidden">Error:</span> {err(name)}</p> : null}
              <select className="govuk-select" id={field(name)} name={field(name)} defaultValue={stage?.[name] ?? "MANAGER"}>
                {Object.entries(STAGE_ACTOR_LABELS).map(([value, text]) => <option key={value} value={value}>{text}</option>)}
              </select>
            </div>
          );
          return (
            <fieldset className="govuk-fieldset govuk-!-margin-bottom-6" key={i}>
              <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">Stage {i + 1}{i >= 3 ? " (leave the name empty for no such stage)" : ""}</legend>
              <TextInput name={field("label")} label="Name" defaultValue={stage?.label ?? ""} error={err("label")} autoComplete="off" />
              {actorSelect("raisingActor", "Who acts for the agency that raised it")}
              {actorSelect("receivingActor", "Who acts for the other agency")}
              <TextInput name={field("workingDays")} label="Working days" width="2" defaultValue={String(stage?.workingDays ?? 5)} error={err("workingDays")} autoComplete="off" />
              <TextInput name={field("urgentWorkingDays")} label="Urgent: extra working days after the end of the day it starts (0 for the same day)" width="2" defaultValue={String(stage?.urgentWorkingDays ?? 1)} error={err("urgentWorkingDays")} autoComplete="off" />
            </fieldset>
          );
        })}
        <TextInput name="urgentCutoff" label="Cut-off time for urgent stages (UK time)" hint="An urgent stage starting at or after this time is due at the end of the next working day" width="10" defaultValue={ladder.urgentCutoff} error={errors?.fieldErrors.urgentCutoff} autoComplete="off" />
        <TextInput name="workingDayEnd" label="End of the working day (UK time)" width="10" defaultValue={ladder.workingDayEnd} error={errors?.fieldErrors.workingDayEnd} autoComplete="off" />
        <div className="govuk-form-group">
          <div className="govuk-checkboxes govuk-checkboxes--small">
            <div className="govuk-checkboxes__item">
              <input className="govuk-checkboxes__input" id="moveOpen" name="moveOpen" type="checkbox" value="yes" aria-describedby="moveOpen-hint" />
              <label className="govuk-label govuk-checkboxes__label" htmlFor="moveOpen">Move open disagreements onto this ladder</label>
              <div id="moveOpen-hint" className="govuk-hint govuk-checkboxes__hint">Refused if an open disagreement is at a stage this ladder does not have.</div>
            </div>
          </div>
        </div>
        <button type="submit" className="govuk-button">Save the ladder</button>
      </Form>
      <h2 className="govuk-heading-m">Threshold levels</h2>
      <p className="govuk-body">The partnership's continuum of need, as its threshold document names the levels.</p>
      {levels.map((level) => (
        <Form method="post" key={level.level} className="govuk-!-margin-bottom-6">
          <input type="hidden" name="intent" value="level" />
          <input type="hidden" name="level" value={level.level} />
          <fieldset className="govuk-fieldset">
            <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">Level {level.level}</legend>
            <div className="govuk-form-group">
              <label className="govuk-label" htmlFor={`label-${level.level}`}>Label</label>
              <input className="govuk-input govuk-!-width-two-thirds" id={`label-${level.level}`} name="label" defaultValue={level.label} />
            </div>
            <div className="govuk-form-group">
              <label className="govuk-label" htmlFor={`description-${level.level}`}>Description</label>
              <input className="govuk-input" id={`description-${level.level}`} name="description" defaultValue={level.description} />
            </div>
            <button type="submit" className="govuk-button govuk-button--secondary">Save level {level.level}</button>
          </fieldset>
        </Form>
      ))}
      <h2 className="govuk-heading-m">Bank holidays (England and Wales)</h2>
      <p className="govuk-body">Working-day clocks skip weekends and these days. Add days as the government announces them.</p>
      <Form method="post" noValidate>
        <input type="hidden" name="intent" value="add-holiday" />
        <TextInput name="date" label="Date" hint="For example, 2029-01-01" width="10" error={errors?.fieldErrors.date} autoComplete="off" />
        <TextInput name="name" label="Name" width="one-half" error={errors?.fieldErrors.name} autoComplete="off" />
        <button type="submit" className="govuk-button">Add bank holiday</button>
      </Form>
      <table className="govuk-table" data-testid="bank-holidays">
        <caption className="govuk-table__caption govuk-table__caption--s">Upcoming bank holidays</caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            <th scope="col" className="govuk-table__header">Date</th>
            <th scope="col" className="govuk-table__header">Name</th>
            <th scope="col" className="govuk-table__header"><span className="govuk-visually-hidden">Actions</span></th>
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {upcoming.map((holiday) => (
            <tr className="govuk-table__row" key={holiday.date}>
              <td className="govuk-table__cell">{formatDate(`${holiday.date}T12:00:00Z`)}</td>
              <td className="govuk-table__cell">{holiday.name}</td>
              <td className="govuk-table__cell">
                <Form method="post">
                  <input type="hidden" name="intent" value="remove-holiday" />
                  <input type="hidden" name="date" value={holiday.date} />
                  <button type="submit" className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0">
                    Remove<span className="govuk-visually-hidden"> {holiday.name} {holiday.date}</span>
                  </button>
                </Form>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
