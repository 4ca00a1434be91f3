// A likely time zone for a country (and, where a country spans several, its subdivision):
// only a suggestion for a new user's form; the admin can pick any other.
const BY_COUNTRY = {
  AT: "Europe/Vienna", AU: "Australia/Sydney", BE: "Europe/Brussels", BR: "America/Sao_Paulo",
  CA: "America/Toronto", CH: "Europe/Zurich", CN: "Asia/Shanghai", CZ: "Europe/Prague",
  DE: "Europe/Berlin", DK: "Europe/Copenhagen", ES: "Europe/Madrid", FI: "Europe/Helsinki",
  FR: "Europe/Paris", GB: "Europe/London", GR: "Europe/Athens", HU: "Europe/Budapest",
  IE: "Europe/Dublin", IL: "Asia/Jerusalem", IN: "Asia/Kolkata", IT: "Europe/Rome",
  JP: "Asia/Tokyo", KR: "Asia/Seoul", LU: "Europe/Luxembourg", MX: "America/Mexico_City",
  NL: "Europe/Amsterdam", NO: "Europe/Oslo", NZ: "Pacific/Auckland", PL: "Europe/Warsaw",
  PT: "Europe/Lisbon", RO: "Europe/Bucharest", SE: "Europe/Stockholm", SG: "Asia/Singapore",
  US: "America/New_York", ZA: "Africa/Johannesburg",
};
const US_WEST = ["CA", "NV", "OR", "WA"];
const US_MOUNTAIN = ["CO", "ID", "MT", "NM", "UT", "WY"];
const US_CENTRAL = ["AL", "AR", "IA", "IL", "KS", "LA", "MN", "MO", "MS", "ND", "NE", "OK", "SD", "TN", "TX", "WI"];
const BY_SUBDIVISION = {
  ...Object.fromEntries(US_WEST.map((s) => [`US-${s}`, "America/Los_Angeles"])),
  ...Object.fromEntries(US_MOUNTAIN.map((s) => [`US-${s}`, "America/Denver"])),
  ...Object.fromEntries(US_CENTRAL.map((s) => [`US-${s}`, "America/Chicago"])),
  "US-AZ": "America/Phoenix", "US-AK": "America/Anchorage", "US-HI": "Pacific/Honolulu",
  "AU-WA": "Australia/Perth", "AU-QLD": "Australia/Brisbane", "AU-SA": "Australia/Adelaide",
  "AU-NT": "Australia/Darwin", "CA-BC": "America/Vancouver", "CA-AB": "America/Edmonton",
};

/** The zone to suggest for `country` and `subdivision`, if one of `known` (else null). */
export function suggestTimezone(country, subdivision, known) {
  const zone = BY_SUBDIVISION[`${country}-${subdivision}`] || BY_COUNTRY[country];
  return zone && known.includes(zone) ? zone : null;
}
