// Lists many screens need, cached for the session: leave types, teams, reference data.
import { allLeaveTypes } from "./api/leave-types.js";
import { listCountries, listTimezones } from "./api/reference.js";
import { allTeams } from "./api/teams.js";
import { allUsers, getUser } from "./api/users.js";
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

/** {id: user} for the people an answer names by id (a dry run, a list of entries): one by
 * one for a few, everyone at once for many. Someone who cannot be read is left out. */
export async function usersById(ids, signal) {
  const wanted = [...new Set(ids)];
  const found =
    wanted.length > 20
      ? await allUsers({ sort: "full_name" }, signal)
      : await Promise.all(wanted.map((id) => getUser(id, signal).catch(() => null)));
  return Object.fromEntries(found.filter(Boolean).map((user) => [user.id, user]));
}
