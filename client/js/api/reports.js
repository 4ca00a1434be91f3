// /reports: CSV downloads, saved as files.
import { download } from "../api.js";

export const downloadUsageReport = (query, fallbackName) => download("/reports/usage", query, fallbackName);
export const downloadAbsenceReport = (query, fallbackName) => download("/reports/absences", query, fallbackName);
