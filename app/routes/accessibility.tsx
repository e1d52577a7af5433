import type { MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Accessibility statement - Concord" }];

export default function AccessibilityStatement() {
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">Accessibility statement for Concord</h1>
        <p className="govuk-body">
          Concord is used by staff of the agencies in a local safeguarding children partnership. We want as many people as possible to be able to use it. You should be able to:
        </p>
        <ul className="govuk-list govuk-list--bullet">
          <li>change colours, contrast levels and fonts using browser or device settings</li>
          <li>zoom in up to 400% without the text spilling off the screen</li>
          <li>navigate the whole service using just a keyboard or speech recognition software</li>
          <li>listen to the service using a screen reader</li>
        </ul>
        <h2 className="govuk-heading-m">How accessible this service is</h2>
        <p className="govuk-body">
          Concord is built on the GOV.UK Design System and aims to meet the Web Content Accessibility Guidelines (WCAG) version 2.2 at level AA. Every page is checked automatically with the axe accessibility engine on each change, and checked at 320 pixels wide (a phone, or 400% zoom) for each kind of user so that no page scrolls sideways.
        </p>
        <p className="govuk-body">On a narrow screen the menu of pages is behind a &ldquo;Menu&rdquo; button; without JavaScript it is a plain list.</p>
        <h2 className="govuk-heading-m">Known limitations</h2>
        <ul className="govuk-list govuk-list--bullet">
          <li>Some wide tables of figures do not fit a narrow screen: they scroll sideways within their own area. Move into the area with the Tab key and scroll it with the arrow keys.</li>
          <li>Charts of figures are pictures. The same figures are always in a table beside the chart, and in a CSV file you can download.</li>
        </ul>
        <h2 className="govuk-heading-m">Reporting accessibility problems</h2>
        <p className="govuk-body">
          If you find a problem that is not listed here, tell your agency administrator or the partnership's business manager, who will pass it to the team that runs Concord.
        </p>
        <h2 className="govuk-heading-m">Enforcement procedure</h2>
        <p className="govuk-body">
          The Equality and Human Rights Commission (EHRC) is responsible for enforcing the Public Sector Bodies (Websites and Mobile Applications) (No. 2) Accessibility Regulations 2018. If you are not happy with how we respond to your complaint, contact the Equality Advisory and Support Service (EASS).
        </p>
        <h2 className="govuk-heading-m">Preparation of this statement</h2>
        <p className="govuk-body">This statement was prepared on 22 November 2026. Each partnership that runs Concord should review it and add its own contact details.</p>
      </div>
    </div>
  );
}
