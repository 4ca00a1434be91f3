// Admin › Reports: the usage and absence reports as CSV files, fetched with the session's
// token and saved by the browser.
import { downloadAbsenceReport, downloadUsageReport } from "../../api/reports.js";
import { ProblemAlert } from "../../components/feedback.js";
import { Field, fieldError, Select } from "../../components/form.js";
import { useFetch } from "../../data.js";
import { html, useState } from "../../html.js";
import { t } from "../../i18n.js";
import { isoDate } from "../../format.js";
import { teams as loadTeams } from "../../lookups.js";

export function ReportsSection() {
  const teams = useFetch(() => loadTeams(), []);
  const teamOptions = (teams.data || []).map((team) => ({ value: String(team.id), label: team.name }));
  return html`
    <h2>${t("admin.reports")}</h2>
    <p class="muted">${t("reports.intro")}</p>
    <div class="columns">
      <${UsageReport} teamOptions=${teamOptions} />
      <${AbsenceReport} teamOptions=${teamOptions} />
    </div>
  `;
}

function useDownload() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const [saved, setSaved] = useState(null);
  const run = async (downloadReport, query, name) => {
    setBusy(true);
    setError(null);
    setSaved(null);
    try {
      setSaved(await downloadReport({ ...query, format: "csv" }, name));
    } catch (problem) {
      setError(problem);
    }
    setBusy(false);
  };
  return { busy, error, saved, run };
}

function UsageReport({ teamOptions }) {
  const [year, setYear] = useState(String(new Date().getFullYear()));
  const [teamId, setTeamId] = useState("");
  const { busy, error, saved, run } = useDownload();
  return html`<form class="panel" novalidate onSubmit=${(event) => {
    event.preventDefault();
    run(downloadUsageReport, { year, team_id: teamId }, `usage-${year}.csv`);
  }}>
    <h3>${t("reports.usage")}</h3>
    <p class="hint">${t("reports.usageHint")}</p>
    <${Field} label=${t("reports.year")} type="number" min="1900" max="2999" value=${year} onValue=${setYear} error=${fieldError(error, "year")} />
    <${Select} label=${t("reports.team")} value=${teamId} placeholder=${t("reports.allTeams")} options=${teamOptions} onValue=${setTeamId} />
    <${ProblemAlert} error=${error} shownFields=${["year"]} />
    <p role="status" class="small">${saved && t("reports.saved", { name: saved })}</p>
    <button type="submit" class="button primary" disabled=${busy}>${t("reports.downloadUsage")}</button>
  </form>`;
}

function AbsenceReport({ teamOptions }) {
  const now = new Date();
  const [from, setFrom] = useState(isoDate(new Date(now.getFullYear(), now.getMonth(), 1)));
  const [to, setTo] = useState(isoDate(new Date(now.getFullYear(), now.getMonth() + 1, 0)));
  const [teamId, setTeamId] = useState("");
  const { busy, error, saved, run } = useDownload();
  return html`<form class="panel" novalidate onSubmit=${(event) => {
    event.preventDefault();
    run(downloadAbsenceReport, { from, to, team_id: teamId }, `absences-${from}-${to}.csv`);
  }}>
    <h3>${t("reports.absences")}</h3>
    <p class="hint">${t("reports.absencesHint")}</p>
    <div class="field-row">
      <${Field} label=${t("reports.from")} type="date" required value=${from} onValue=${setFrom} error=${fieldError(error, "from")} />
      <${Field} label=${t("reports.to")} type="date" required value=${to} onValue=${setTo} error=${fieldError(error, "to")} />
    </div>
    <${Select} label=${t("reports.team")} value=${teamId} placeholder=${t("reports.allTeams")} options=${teamOptions} onValue=${setTeamId} />
    <${ProblemAlert} error=${error} shownFields=${["from", "to"]} />
    <p role="status" class="small">${saved && t("reports.saved", { name: saved })}</p>
    <button type="submit" class="button primary" disabled=${busy}>${t("reports.downloadAbsences")}</button>
  </form>`;
}
