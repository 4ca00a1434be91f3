// Lists many screens need, cached for the session: leave types, teams, reference data.
import { allLeaveTypes } from "./api/leave-types.js";
import { listCountries, listTimezones } from "./api/reference.js";
import { allTeams } from "./api/teams.js";
import { cached, invalidate } from "./data.js";

export const leaveTypes = () => cached("leave-types", () => allLeaveTypes({ sort: "name" }));
export const teams = () => cached("teams", () => allTeams({ sort: "name" }));
export const countries = () => cached("countries", () => listCountries());
export const timezones = () => cached("timezones", () => listTimezones());

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
