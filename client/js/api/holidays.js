// /holidays: public holidays and the company's own.
import { get, patch, post, remove } from "../api.js";

/** `{items}`: the holidays of `{year, country, subdivision, include_excluded}`. */
export const listHolidays = (query, signal) => get("/holidays", query, signal);
export const createHoliday = (body) => post("/holidays", body);
export const updateHoliday = (id, body) => patch(`/holidays/${id}`, body);
export const deleteHoliday = (id) => remove(`/holidays/${id}`);
