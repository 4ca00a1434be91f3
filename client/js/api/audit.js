// /audit: who changed what and when.
import { get } from "../api.js";

export const listAudit = (query, signal) => get("/audit", query, signal);
