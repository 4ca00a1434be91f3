// /holiday-calendars/{region}: which public holidays count in a country (`US`) or one of
// its subdivisions (`US-CA`). Reading is for everyone; changing is for admins.
import { request } from "../api.js";

const path = (region) => `/holiday-calendars/${encodeURIComponent(region)}`;

/** The region's settings in force: {region, categories, excluded, own, follows, ...}. */
export async function getHolidayCalendar(region, signal) {
  return (await request(path(region), { signal })).json();
}

/** Give the region settings of its own: `{categories: [...], excluded: [{name} | {date}]}`. */
export async function putHolidayCalendar(region, settings) {
  return (await request(path(region), { method: "PUT", body: settings })).json();
}

/** Drop the region's own settings: it follows its country's (or the defaults) again. */
export async function deleteHolidayCalendar(region) {
  await request(path(region), { method: "DELETE" });
}
