// /calendar: who is away when, with the holidays that apply to them.
import { get } from "../api.js";

/** `{people, absences, holidays}` for `{from, to, team_id}`. */
export const getCalendar = (query, signal) => get("/calendar", query, signal);
