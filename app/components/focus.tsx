// Where focus goes when a page changes without a full reload (GOV.UK and WCAG 2.4.3): after a
// navigation or an in-page action, to the error summary when there are errors, else to the
// success banner (announced: role="alert"), else to the page's main heading, so a screen reader
// user hears where they are and what happened. Live updates (revalidation) keep focus where it is.
import { useLocation } from "@remix-run/react";
import { useEffect, useRef } from "react";

export function useFocusAfterNavigation() {
  const location = useLocation();
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false; // a full page load: the browser starts at the top, as usual
      return;
    }
    if (location.hash) return;
    const main = document.getElementById("main-content");
    if (!main) return;
    // Someone who has already moved to a field on this page (say, from an error summary link while
    // the page was still settling) keeps it: focus is never pulled away from where they type.
    const active = document.activeElement;
    if (active && main.contains(active) && active.matches("input, select, textarea")) return;
    const target = main.querySelector<HTMLElement>(".govuk-error-summary") ?? main.querySelector<HTMLElement>(".govuk-notification-banner--success") ?? main.querySelector<HTMLElement>("h1");
    if (!target) return;
    if (!target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
    target.focus();
  }, [location.key, location.hash]);
}
