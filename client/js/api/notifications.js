// /notifications: the email outbox.
import { get } from "../api.js";

export const listNotifications = (query, signal) => get("/notifications", query, signal);
