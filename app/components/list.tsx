// Lists that scale (docs/decisions/0024): a search and filter form that writes the query string,
// "Showing 1 to 25 of 312 contacts", and GOV.UK pagination links that keep every other parameter,
// so any page of any filtered list is a link that can be shared.
import { Form, Link, useLocation } from "@remix-run/react";

export interface PageInfo {
  total: number;
  page: number;
  pageSize: number;
  pageCount: number;
}

export interface FilterSelect {
  name: string;
  label: string;
  value?: string | null;
  options: { value: string; label: string }[];
}

/** A GET form: the search box and the filters, applied together; "Clear" drops them all. */
export function ListFilters({ searchLabel, searchHint, search, filters = [], clearTo }: { searchLabel: string; searchHint?: string; search?: string | null; filters?: FilterSelect[]; clearTo: string }) {
  return (
    <Form method="get" className="app-list-filters govuk-!-margin-bottom-4" role="search" aria-label={searchLabel}>
      <div className="govuk-form-group govuk-!-margin-bottom-3">
        <label className="govuk-label govuk-label--s" htmlFor="search">{searchLabel}</label>
        {searchHint ? <div id="search-hint" className="govuk-hint">{searchHint}</div> : null}
        <input className="govuk-input govuk-input--width-20" id="search" name="search" type="search" defaultValue={search ?? ""} aria-describedby={searchHint ? "search-hint" : undefined} autoComplete="off" spellCheck={false} />
      </div>
      {filters.map((filter) => (
        <div className="govuk-form-group govuk-!-margin-bottom-3" key={filter.name}>
          <label className="govuk-label govuk-label--s" htmlFor={`filter-${filter.name}`}>{filter.label}</label>
          <select className="govuk-select" id={`filter-${filter.name}`} name={filter.name} defaultValue={filter.value ?? ""}>
            {filter.options.map((option) => (
              <option key={option.value} value={option.value}>{option.label}</option>
            ))}
          </select>
        </div>
      ))}
      <div className="govuk-button-group">
        <button type="submit" className="govuk-button govuk-button--secondary" data-module="govuk-button">Search</button>
        <Link className="govuk-link" to={clearTo}>Clear search and filters</Link>
      </div>
    </Form>
  );
}

/** "Showing 1 to 25 of 312 contacts" (GOV.UK's wording for a paged list). */
export function showingText(info: PageInfo, noun: { one: string; many: string }): string {
  const word = info.total === 1 ? noun.one : noun.many;
  if (info.total === 0) return `No ${noun.many} found`;
  const from = (info.page - 1) * info.pageSize + 1;
  const to = Math.min(info.total, info.page * info.pageSize);
  return `Showing ${from} to ${to} of ${info.total.toLocaleString("en-GB")} ${word}`;
}

export function ListCount({ info, noun }: { info: PageInfo; noun: { one: string; many: string } }) {
  return <p className="govuk-body" data-testid="list-count" role="status">{showingText(info, noun)}</p>;
}

/** Pages to offer: the first, the last, and those next to the current one, with gaps as ellipses. */
export function pageNumbers(page: number, pageCount: number): (number | "gap")[] {
  const wanted = new Set([1, pageCount, page - 1, page, page + 1].filter((n) => n >= 1 && n <= pageCount));
  const sorted = [...wanted].sort((a, b) => a - b);
  const out: (number | "gap")[] = [];
  sorted.forEach((n, i) => {
    if (i > 0 && n - sorted[i - 1]! > 1) out.push("gap");
    out.push(n);
  });
  return out;
}

/** Read a page number from a query string: anything odd is page 1 (the server clamps past the end). */
export function pageParam(params: URLSearchParams): number {
  const value = Number(params.get("page"));
  return Number.isInteger(value) && value >= 1 && value <= 1_000_000 ? value : 1;
}

/** The GOV.UK pagination component; renders nothing for a single page. */
export function Pagination({ info, label = "Pagination" }: { info: PageInfo; label?: string }) {
  const location = useLocation();
  if (info.pageCount <= 1) return null;
  const hrefFor = (page: number) => {
    const params = new URLSearchParams(location.search);
    if (page === 1) params.delete("page");
    else params.set("page", String(page));
    const query = params.toString();
    return `${location.pathname}${query ? `?${query}` : ""}`;
  };
  return (
    <nav className="govuk-pagination" aria-label={label}>
      {info.page > 1 ? (
        <div className="govuk-pagination__prev">
          <Link className="govuk-link govuk-pagination__link" to={hrefFor(info.page - 1)} rel="prev">
            <svg className="govuk-pagination__icon govuk-pagination__icon--prev" xmlns="http://www.w3.org/2000/svg" height="13" width="15" aria-hidden="true" focusable="false" viewBox="0 0 15 13">
              <path d="m6.5938-0.0078125-6.7266 6.7266 6.7441 6.4062 1.377-1.449-4.1856-3.9768h12.896v-2h-12.984l4.2931-4.293-1.414-1.414z"></path>
            </svg>
            <span className="govuk-pagination__link-title">Previous<span className="govuk-visually-hidden"> page</span></span>
          </Link>
        </div>
      ) : null}
      <ul className="govuk-pagination__list">
        {pageNumbers(info.page, info.pageCount).map((n, i) =>
          n === "gap" ? (
            <li className="govuk-pagination__item govuk-pagination__item--ellipses" key={`gap-${i}`}>&ctdot;</li>
          ) : (
            <li className={`govuk-pagination__item${n === info.page ? " govuk-pagination__item--current" : ""}`} key={n}>
              <Link className="govuk-link govuk-pagination__link" to={hrefFor(n)} aria-label={`Page ${n}`} aria-current={n === info.page ? "page" : undefined}>
                {n}
              </Link>
            </li>
          ),
        )}
      </ul>
      {info.page < info.pageCount ? (
        <div className="govuk-pagination__next">
          <Link className="govuk-link govuk-pagination__link" to={hrefFor(info.page + 1)} rel="next">
            <span className="govuk-pagination__link-title">Next<span className="govuk-visually-hidden"> page</span></span>
            <svg className="govuk-pagination__icon govuk-pagination__icon--next" xmlns="http://www.w3.org/2000/svg" height="13" width="15" aria-hidden="true" focusable="false" viewBox="0 0 15 13">
              <path d="m8.107-0.0078125-1.4136 1.414 4.2926 4.293h-12.986v2h12.896l-4.1855 3.9766 1.377 1.4492 6.7441-6.4062-6.7246-6.7266z"></path>
            </svg>
          </Link>
        </div>
      ) : null}
    </nav>
  );
}

/** A query-string value, or undefined when blank. */
export function param(params: URLSearchParams, name: string): string | undefined {
  const value = params.get(name)?.trim();
  return value ? value : undefined;
}
