// Admin › Users: search and page through people, create and edit them (roles, manager,
// teams, work days, region and time zone), give them a work schedule (hours per weekday),
// deactivate and reactivate; on a person, the leave policies they follow and their
// balances with the ledger entries behind them.
import { addTeamMember, removeTeamMember } from "../../api/teams.js";
import { allUsers, createUser, deactivateUser, getUser, listUsers, reactivateUser, updateUser } from "../../api/users.js";
import { BalanceCards } from "../../components/balance-cards.js";
import { ConfirmDialog } from "../../components/dialog.js";
import { DataTable } from "../../components/data-table.js";
import { Loaded, notify, ProblemAlert } from "../../components/feedback.js";
import { CheckboxGroup, Field, fieldError, Select } from "../../components/form.js";
import { useDebounced, useFetch } from "../../data.js";
import { html, useState } from "../../html.js";
import { locale, t } from "../../i18n.js";
import { formatDate, weekdayName } from "../../format.js";
import { countries, forgetTeams, teams as loadTeams, timezones } from "../../lookups.js";
import { suggestTimezone } from "../../timezone-hints.js";
import { href, navigate } from "../../router.js";
import { PolicyAssignments } from "./policies.js";
import { ScheduleDialog } from "./schedules.js";

const USER_FIELDS = ["email", "full_name", "password", "roles", "manager_id", "work_days", "country", "subdivision", "timezone", "hire_date"];

export function UsersSection({ parts }) {
  if (parts[0] === "new") return html`<${UserEditor} />`;
  if (parts[0]) return html`<${UserEditor} id=${Number(parts[0])} />`;
  return html`<${UserList} />`;
}

function UserList() {
  const [search, setSearch] = useState("");
  const [active, setActive] = useState("true");
  const [page, setPage] = useState(1);
  const [toggling, setToggling] = useState(null);
  const [scheduling, setScheduling] = useState(null);
  const q = useDebounced(search.trim(), 300);
  const state = useFetch(
    (signal) => listUsers({ q, is_active: active, page, per_page: 20, sort: "full_name" }, signal),
    [q, active, page],
  );
  return html`
    <div class="section-head">
      <h2>${t("admin.users")}</h2>
      <a class="button primary" href=${href("/admin/users/new")}>${t("users.new")}</a>
    </div>
    <div class="filters">
      <${Field} label=${t("users.search")} type="search" value=${search} onValue=${(v) => { setSearch(v); setPage(1); }} />
      <${Select} label=${t("users.show")} value=${active} onValue=${(v) => { setActive(v); setPage(1); }}
        options=${[{ value: "true", label: t("users.active") }, { value: "false", label: t("users.inactive") }, { value: "", label: t("users.everyone") }]} />
    </div>
    <${DataTable} state=${state} label=${t("admin.users")} onPage=${setPage}
      empty=${{ title: t("users.none"), hint: t("users.noneHint") }}
      footer=${(body) => html`<p class="muted small">${t("users.total", { count: body.total })}</p>`}
      columns=${[
        { header: t("users.name"), cell: (u) => html`<a href=${href(`/admin/users/${u.id}`)}>${u.full_name}</a>` },
        { header: t("users.email"), cell: (u) => u.email },
        { header: t("users.roles"), cell: (u) => u.roles.filter((r) => r !== "employee").map((r) => t(`roles.${r}`)).join(", ") || t("roles.employee") },
        { header: t("users.status"), cell: (u) => html`<span class=${`badge ${u.is_active ? "badge-approved" : "badge-cancelled"}`}>${u.is_active ? t("users.activeOne") : t("users.inactiveOne")}</span>` },
        {
          actions: true,
          cell: (u) => html`<a class="button small" href=${href(`/admin/users/${u.id}`)}>${t("common.edit")}<span class="visually-hidden"> ${u.full_name}</span></a>
            <button type="button" class="button small" onClick=${() => setScheduling(u)}>
              ${t("schedules.open")}<span class="visually-hidden"> ${t("schedules.whose", { name: u.full_name })}</span>
            </button>
            <button type="button" class="button small" onClick=${() => setToggling(u)}>
              ${u.is_active ? t("users.deactivate") : t("users.reactivate")}<span class="visually-hidden"> ${u.full_name}</span>
            </button>`,
        },
      ]} />
    ${toggling &&
    html`<${ConfirmDialog}
      title=${toggling.is_active ? t("users.deactivateTitle", { name: toggling.full_name }) : t("users.reactivateTitle", { name: toggling.full_name })}
      message=${toggling.is_active ? t("users.deactivateWarning") : t("users.reactivateWarning")}
      confirmLabel=${toggling.is_active ? t("users.deactivate") : t("users.reactivate")}
      danger=${toggling.is_active}
      onConfirm=${async () => {
        if (toggling.is_active) await deactivateUser(toggling.id);
        else await reactivateUser(toggling.id);
        notify(t(toggling.is_active ? "users.deactivated" : "users.reactivated", { name: toggling.full_name }));
        state.reload();
      }}
      onClose=${() => setToggling(null)} />`}
    ${scheduling && html`<${ScheduleDialog} user=${scheduling} onClose=${() => setScheduling(null)} />`}
  `;
}

const blank = {
  email: "",
  full_name: "",
  password: "",
  roles: [],
  manager_id: "",
  team_ids: [],
  work_days: [0, 1, 2, 3, 4],
  country: "",
  subdivision: "",
  timezone: "UTC",
  hire_date: "",
};

function UserEditor({ id }) {
  const state = useFetch(
    async (signal) => {
      const [user, teamList, managers, countryList, zoneList] = await Promise.all([
        id ? getUser(id, signal) : Promise.resolve(null),
        loadTeams(),
        allUsers({ role: "manager", is_active: true, sort: "full_name" }, signal),
        countries(),
        timezones(),
      ]);
      return { user, teamList, managers, countryList, zoneList };
    },
    [id],
  );
  return html`
    <p><a href=${href("/admin/users")}>‹ ${t("admin.users")}</a></p>
    <${Loaded} state=${state}>
      ${(data) => html`<${UserForm} ...${data} />
        ${data.user && html`<${PolicyAssignments} user=${data.user} /><${PersonBalances} user=${data.user} />`}`}
    <//>
  `;
}

/** The person's balances this year, each with the ledger entries behind it. */
function PersonBalances({ user }) {
  const year = new Date().getFullYear();
  return html`<section class="panel wide-form" aria-labelledby="person-balances-title">
    <h3 id="person-balances-title">${t("users.balances", { year })}</h3>
    <${BalanceCards} person=${user} year=${year} level=${4} />
  </section>`;
}

function UserForm({ user, teamList, managers, countryList, zoneList }) {
  const [form, setForm] = useState(() =>
    user
      ? {
          ...blank,
          ...user,
          password: "",
          manager_id: user.manager_id ? String(user.manager_id) : "",
          country: user.country || "",
          subdivision: user.subdivision || "",
          hire_date: user.hire_date || "",
          roles: user.roles.filter((r) => r !== "employee"),
        }
      : blank,
  );
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const set = (name) => (value) => setForm((f) => ({ ...f, [name]: value }));
  const country = countryList.find((c) => c.code === form.country);
  // A new user's time zone follows the country (and subdivision) until it is picked by hand.
  const [zoneSuggested, setZoneSuggested] = useState(false);
  const [zonePicked, setZonePicked] = useState(Boolean(user));
  const placeIn = (next) => {
    const placed = { ...form, ...next };
    const zone = zonePicked ? null : suggestTimezone(placed.country, placed.subdivision, zoneList);
    setZoneSuggested(Boolean(zone));
    setForm(zone ? { ...placed, timezone: zone } : placed);
  };
  const regionName = regionNames();

  const save = async (event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const body = {
      email: form.email.trim(),
      full_name: form.full_name.trim(),
      roles: form.roles,
      manager_id: form.manager_id ? Number(form.manager_id) : null,
      work_days: form.work_days,
      country: form.country || null,
      subdivision: form.subdivision || null,
      timezone: form.timezone,
      hire_date: form.hire_date || null,
    };
    try {
      const saved = user ? await updateUser(user.id, body) : await createUser({ ...body, password: form.password });
      const before = new Set(user?.team_ids || []);
      const after = new Set(form.team_ids);
      await Promise.all([
        ...[...after].filter((teamId) => !before.has(teamId)).map((teamId) => addTeamMember(teamId, saved.id)),
        ...[...before].filter((teamId) => !after.has(teamId)).map((teamId) => removeTeamMember(teamId, saved.id)),
      ]);
      forgetTeams();
      notify(t(user ? "users.saved" : "users.created", { name: saved.full_name }));
      navigate("/admin/users");
    } catch (problem) {
      setError(problem);
      setBusy(false);
    }
  };

  const managerOptions = managers.filter((m) => m.id !== user?.id).map((m) => ({ value: String(m.id), label: m.full_name }));
  if (user?.manager_id && !managerOptions.some((o) => o.value === String(user.manager_id))) {
    managerOptions.push({ value: String(user.manager_id), label: t("users.userNumber", { id: user.manager_id }) });
  }
  const countryOptions = countryList
    .map((c) => ({ value: c.code, label: regionName(c.code) || c.name }))
    .sort((a, b) => a.label.localeCompare(b.label));
  const zoneOptions = [...new Set([form.timezone, ...zoneList])].map((z) => ({ value: z, label: z.replace(/_/g, " ") }));

  return html`<form class="panel wide-form" onSubmit=${save} novalidate>
    <h2>${user ? t("users.editTitle", { name: user.full_name }) : t("users.new")}</h2>
    <div class="form-grid">
      <${Field} label=${t("users.fullName")} required value=${form.full_name} onValue=${set("full_name")} error=${fieldError(error, "full_name")} />
      <${Field} label=${t("users.email")} type="email" required value=${form.email} onValue=${set("email")} error=${fieldError(error, "email")} />
      ${!user &&
      html`<${Field} label=${t("users.password")} type="password" autocomplete="new-password" required minlength="10"
        hint=${t("profile.passwordHint")} value=${form.password} onValue=${set("password")} error=${fieldError(error, "password")} />`}
      <${Field} label=${t("users.hireDate")} type="date" value=${form.hire_date} onValue=${set("hire_date")} error=${fieldError(error, "hire_date")} />
      <${Select} label=${t("users.manager")} hint=${t("users.managerHint")} value=${form.manager_id} placeholder=${t("users.noManager")} options=${managerOptions}
        onValue=${set("manager_id")} error=${fieldError(error, "manager_id")} />
      <${Select} label=${t("users.timezone")} value=${form.timezone} options=${zoneOptions}
        hint=${zoneSuggested ? t("users.timezoneSuggested") : undefined}
        onValue=${(value) => { setZonePicked(true); setZoneSuggested(false); set("timezone")(value); }} error=${fieldError(error, "timezone")} />
      <${Select} label=${t("users.country")} value=${form.country} placeholder=${t("users.noCountry")} options=${countryOptions}
        hint=${t("users.countryHint")}
        onValue=${(value) => placeIn({ country: value, subdivision: "" })} error=${fieldError(error, "country")} />
      <${Select} label=${t("users.subdivision")} value=${form.subdivision} placeholder=${t("users.noSubdivision")}
        disabled=${!country || country.subdivisions.length === 0}
        options=${(country?.subdivisions || []).map((s) => ({ value: s.code, label: s.name === s.code ? s.code : `${s.name} (${s.code})` }))}
        onValue=${(value) => placeIn({ subdivision: value })} error=${fieldError(error, "subdivision")} />
    </div>
    <${CheckboxGroup} legend=${t("users.roles")} value=${form.roles} onValue=${set("roles")} error=${fieldError(error, "roles")}
      hint=${t("users.rolesHint")}
      options=${[{ value: "manager", label: t("roles.manager") }, { value: "admin", label: t("roles.admin") }]} />
    <${CheckboxGroup} legend=${t("users.workDays")} value=${form.work_days} onValue=${set("work_days")} error=${fieldError(error, "work_days")}
      hint=${user ? t("users.workDaysHint") : t("users.workDaysNewHint")}
      options=${[0, 1, 2, 3, 4, 5, 6].map((d) => ({ value: d, label: weekdayName(d) }))} />
    <${CheckboxGroup} legend=${t("users.teams")} value=${form.team_ids} onValue=${set("team_ids")}
      hint=${teamList.length === 0 ? t("users.noTeams") : undefined}
      options=${teamList.map((team) => ({ value: team.id, label: team.name }))} />
    ${user && html`<p class="muted small">${t("users.since", { date: formatDate(user.created_at.slice(0, 10)) })}</p>`}
    <${ProblemAlert} error=${error} shownFields=${USER_FIELDS} />
    <div class="actions">
      <button type="submit" class="button primary" disabled=${busy}>${user ? t("common.save") : t("users.create")}</button>
      <a class="button" href=${href("/admin/users")}>${t("common.cancel")}</a>
    </div>
  </form>`;
}

/** Country names in the reader's language where the browser knows them. */
export function regionNames() {
  try {
    const names = new Intl.DisplayNames([locale], { type: "region" });
    return (code) => {
      try {
        return names.of(code);
      } catch {
        return null;
      }
    };
  } catch {
    return () => null;
  }
}

