// Lists that scale: every list is read one page at a time with its total, never silently cut
// short. The page, the search and the filters come from the query string (shareable links) or a
// tRPC input, through these shared schemas. See docs/decisions/0024-lists-and-dates.md.
import { z } from "zod";
import { freeText, wholeNumber } from "../validation";

export const PAGE_SIZE = 25;

/** Page 1 onwards; a page past the end shows the last page. */
export const pageSchema = wholeNumber("Choose a page number from 1", { min: 1, max: 1_000_000 }).default(1);

/**
 * A reference to look for (the council's case reference, or a partner's own reference where the
 * viewer may see it). Upper-cased, as references are stored; blank means no search.
 */
export const searchSchema = freeText("the reference to search for")
  .max(60, "Search for a reference of 60 characters or fewer")
  .transform((value) => value.toUpperCase() || undefined)
  .optional();

export const pagingShape = { page: pageSchema, search: searchSchema };

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
  pageCount: number;
}

/** One part of an ordered list: the most urgent part comes first (e.g. open, soonest due first). */
export interface Segment<T> {
  count: () => Promise<number>;
  find: (skip: number, take: number) => Promise<T[]>;
}

/**
 * Read one page from a list made of segments, each in its own order, one after the other: open
 * work soonest due (overdue) first, then finished work newest first. Counts first, so a page past
 * the end shows the last page and the total is exact. `countAll`, when given, counts every
 * segment in one query (one number per segment, in order) instead of one query each.
 */
export async function readPage<T>(segments: Segment<T>[], requestedPage: number, pageSize = PAGE_SIZE, countAll?: () => Promise<number[]>): Promise<Page<T>> {
  const counts: number[] = countAll ? await countAll() : [];
  if (!countAll) for (const segment of segments) counts.push(await segment.count());
  if (counts.length !== segments.length) throw new Error(`readPage: ${counts.length} counts for ${segments.length} segments`);
  const total = counts.reduce((sum, n) => sum + n, 0);
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(Math.max(1, requestedPage), pageCount);
  let skip = (page - 1) * pageSize;
  let take = pageSize;
  const items: T[] = [];
  for (const [index, segment] of segments.entries()) {
    const count = counts[index]!;
    if (take === 0) break;
    if (skip >= count) {
      skip -= count;
      continue;
    }
    const rows = await segment.find(skip, Math.min(take, count - skip));
    items.push(...rows);
    take -= rows.length;
    skip = 0;
  }
  return { items, total, page, pageSize, pageCount };
}

/** Map a page's items, keeping its counts. */
export function mapPage<T, U>(page: Page<T>, map: (item: T) => U): Page<U> {
  return { ...page, items: page.items.map(map) };
}
