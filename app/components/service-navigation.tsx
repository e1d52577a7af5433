// GOV.UK service navigation that collapses behind a "Menu" button on narrow screens. Without
// JavaScript (or before hydration) the navigation is a plain list and the button stays hidden, as
// in GOV.UK Frontend's own component; with it, the button shows below the tablet breakpoint and
// opens and closes the list. React does what govuk-frontend's service-navigation module would,
// so no script of its own runs outside the bundle (the CSP allows no inline scripts).
import { useLocation } from "@remix-run/react";
import { useEffect, useState, type ReactNode } from "react";

const TABLET_UP = "(min-width: 40.0625em)";

export function CollapsibleServiceNavigation({ children }: { children: ReactNode }) {
  const [narrow, setNarrow] = useState(false);
  const [open, setOpen] = useState(false);
  const { pathname } = useLocation();
  useEffect(() => {
    const query = window.matchMedia(TABLET_UP);
    const update = () => setNarrow(!query.matches);
    update();
    query.addEventListener("change", update);
    return () => query.removeEventListener("change", update);
  }, []);
  // A followed link closes the menu, as a new page would.
  useEffect(() => setOpen(false), [pathname]);
  return (
    <nav aria-label="Menu" className="govuk-service-navigation__wrapper">
      <button
        type="button"
        className="govuk-service-navigation__toggle govuk-js-service-navigation-toggle"
        aria-controls="navigation"
        hidden={!narrow}
        aria-hidden={narrow ? undefined : true}
        aria-expanded={narrow ? open : undefined}
        onClick={() => setOpen((o) => !o)}
      >
        Menu
      </button>
      <ul className="govuk-service-navigation__list" id="navigation" hidden={narrow && !open}>
        {children}
      </ul>
    </nav>
  );
}
