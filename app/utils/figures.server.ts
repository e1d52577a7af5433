// Read the dashboard's filters from a URL, the same way for the page, the CSV and the drill-down.
export function figuresFilters(url: URL) {
  const text = (name: string) => url.searchParams.get(name)?.trim() || undefined;
  return { from: text("from"), to: text("to"), agencyId: text("agencyId"), team: text("team"), sort: text("sort") as never, dir: text("dir") as never };
}
