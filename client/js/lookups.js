// Lists many screens need, cached for the session: leave types, teams, reference data.
import { get, getAll } from "./api.js";
import { cached, invalidate } from "./data.js";

export const leaveTypes = () => cached("leave-types", () => getAll("/leave-types", { sort: "name" }));
export const teams = () => cached("teams", () => getAll("/teams", { sort: "name" }));
export const countries = () => cached("countries", () => get("/reference/countries").then((b) => b.items));
export const timezones = () => cached("timezones", () => get("/reference/timezones").then((b) => b.items));

export function forgetLeaveTypes() {
  invalidate("leave-types");
}

export function forgetTeams() {
  invalidate("teams");
}

/** {id: leave type} for showing names next to ids. */
export async function leaveTypesById() {
  return Object.fromEntries((await leaveTypes()).map((type) => [type.id, type]));
}
