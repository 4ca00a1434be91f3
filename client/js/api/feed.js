// /auth/calendar-token: the personal calendar feed link (iCalendar), created, shown, stopped.
import { get, post, remove } from "../api.js";

export const getFeed = (signal) => get("/auth/calendar-token", undefined, signal);
export const createFeed = () => post("/auth/calendar-token");
export const stopFeed = () => remove("/auth/calendar-token");
