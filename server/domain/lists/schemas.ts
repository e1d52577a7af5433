// Inputs of the lists whose domain modules other work is busy in (meetings, actions): the same
// paging and search as every list (./paging.ts), kept here so the list rules sit together.
import { z } from "zod";
import { pagingShape } from "./paging";

export const listMeetingsInputSchema = z
  .strictObject({
    scope: z.enum(["upcoming", "closed"], { error: "Choose upcoming or closed meetings" }).default("upcoming"),
    urgency: z.enum(["URGENT", "STANDARD"], { error: "Choose an urgency from the list" }).optional(),
    ...pagingShape,
  })
  .default({ scope: "upcoming", page: 1 });

export const listActionsInputSchema = z
  .strictObject({
    overdueOnly: z.boolean({ error: "Choose whether to show only overdue actions" }).default(false),
    ...pagingShape,
  })
  .default({ overdueOnly: false, page: 1 });
