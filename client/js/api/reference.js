// /reference: countries (with their subdivisions) and time zones.
import { get } from "../api.js";

export const listCountries = (signal) => get("/reference/countries", undefined, signal).then((body) => body.items);
export const listTimezones = (signal) => get("/reference/timezones", undefined, signal).then((body) => body.items);
