import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import {
  Form,
  isRouteErrorResponse,
  Link,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLocation,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import type { ReactNode } from "react";
import { LiveStatus } from "~/components/live-status";
import { CollapsibleServiceNavigation } from "~/components/service-navigation";
import { TaskCount } from "~/components/task-count";
import { useFocusAfterNavigation } from "~/components/focus";
import { useNonce } from "~/utils/nonce";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: "/assets/concord.css" },
  { rel: "stylesheet", href: "/assets/moj-frontend.min.css" },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction = () => [{ title: "Concord" }];

export async function loader({ context }: LoaderFunctionArgs) {
  const me = await context.trpc.auth.me();
  // How many tasks wait on the person's home page, shown in the navigation.
  const taskCount = me && me.navigation.some((item) => item.showsTasks) ? await context.trpc.home.taskCount() : null;
  return json({ me, taskCount });
}

export function Layout({ children }: { children: ReactNode }) {
  const data = useRouteLoaderData<typeof loader>("root");
  const me = data?.me ?? null;
  const location = useLocation();
  useFocusAfterNavigation();
  // Inline scripts run only with this response's Content-Security-Policy nonce.
  const nonce = useNonce();
  return (
    <html lang="en" className="govuk-template">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover" />
        <meta name="theme-color" content="#0b0c0c" />
        <Meta />
        <Links />
      </head>
      <body className="govuk-template__body">
        <a href="#main-content" className="govuk-skip-link">
          Skip to main content
        </a>
        {/* GOV.UK Frontend's generic header: the service's own name, no crown (Concord is not on gov.uk). */}
        <header className="govuk-generic-header">
          <div className="govuk-generic-header__container govuk-width-container">
            <div className="govuk-generic-header__logo">
              <Link to="/" className="govuk-generic-header__homepage-link">
                Concord
              </Link>
            </div>
          </div>
        </header>
        <section aria-label="Service information" className="govuk-service-navigation">
          <div className="govuk-width-container">
            <div className="govuk-service-navigation__container">
              <span className="govuk-service-navigation__service-name">
                <Link to="/" className="govuk-service-navigation__link">
                  Safeguarding partnership
                </Link>
              </span>
              {me ? (
                <CollapsibleServiceNavigation>
                    {me.navigation.map((item, _index, items) => {
                      // The most specific item is current: /meetings/requests, not also /meetings.
                      const matches = (href: string) => location.pathname === href || location.pathname.startsWith(`${href}/`);
                      const active = matches(item.href) && !items.some((other) => other.href.length > item.href.length && other.href.startsWith(item.href) && matches(other.href));
                      return (
                        <li key={item.href} className={`govuk-service-navigation__item${active ? " govuk-service-navigation__item--active" : ""}`}>
                          <Link className="govuk-service-navigation__link" to={item.href} aria-current={active ? "page" : undefined}>
                            {active ? <strong className="govuk-service-navigation__active-fallback">{item.label}</strong> : item.label}
                            {item.showsTasks && data?.taskCount !== null && data?.taskCount !== undefined ? <TaskCount initial={data.taskCount} /> : null}
                          </Link>
                        </li>
                      );
                    })}
                </CollapsibleServiceNavigation>
              ) : null}
            </div>
          </div>
        </section>
        <div className="govuk-width-container">
          {me ? (
            <div className="govuk-grid-row govuk-!-margin-top-3">
              <div className="govuk-grid-column-two-thirds concord-no-print">
                <p className="govuk-body-s govuk-!-margin-bottom-1" data-testid="signed-in-as">
                  Signed in as <strong>{me.displayName}</strong>, {me.agencyName}
                </p>
                <LiveStatus />
              </div>
              <div className="govuk-grid-column-one-third govuk-!-text-align-right concord-no-print">
                <Form method="post" action="/logout">
                  <button type="submit" className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0">
                    Sign out
                  </button>
                </Form>
              </div>
            </div>
          ) : null}
          <main className="govuk-main-wrapper" id="main-content">
            {children}
          </main>
        </div>
        <footer className="govuk-footer">
          <div className="govuk-width-container">
            <div className="govuk-footer__meta">
              <div className="govuk-footer__meta-item govuk-footer__meta-item--grow">
                <h2 className="govuk-visually-hidden">Support links</h2>
                <ul className="govuk-footer__inline-list">
                  <li className="govuk-footer__inline-list-item">
                    <Link className="govuk-footer__link" to="/accessibility">
                      Accessibility statement
                    </Link>
                  </li>
                </ul>
                <span className="govuk-footer__licence-description">Concord is open-source software for local safeguarding children partnerships.</span>
              </div>
            </div>
          </div>
        </footer>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const [title, body] =
    status === 403
      ? ["You do not have access to this page", "This page is for people with another role or agency. If you think you need it, ask your agency administrator."]
      : status === 404
        ? ["Page not found", "Check the web address, or go back to your home page."]
        : status === 429
          ? ["Too many attempts", "Wait a few minutes, then try again."]
          : status === 400
            ? // A refused address or form: the message says what to change (see errors.server.ts).
              ["There is a problem", isRouteErrorResponse(error) && typeof error.data === "string" && error.data ? error.data : "Check the web address or the form, then try again."]
            : ["Sorry, there is a problem with the service", "Try again later. Anything you had not saved may need entering again."];
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">{title}</h1>
        <p className="govuk-body">{body}</p>
        <p className="govuk-body">
          <Link className="govuk-link" to="/">
            Go to your home page
          </Link>
        </p>
      </div>
    </div>
  );
}
