// Admin › Teams: create, rename and delete teams, set how many may be away at once, and
// add or remove members.
import { addTeamMember, createTeam, deleteTeam, getTeam, listTeamMembers, listTeams, removeTeamMember, updateTeam } from "../../api/teams.js";
import { ConfirmDialog, Dialog } from "../../components/dialog.js";
import { DataTable } from "../../components/data-table.js";
import { Empty, Loaded, notify, ProblemAlert } from "../../components/feedback.js";
import { Field, fieldError, TextArea } from "../../components/form.js";
import { Pager } from "../../components/pager.js";
import { UserPicker } from "../../components/user-picker.js";
import { useFetch } from "../../data.js";
import { html, useState } from "../../html.js";
import { t } from "../../i18n.js";
import { forgetTeams } from "../../lookups.js";
import { href } from "../../router.js";

export function TeamsSection({ parts }) {
  if (parts[0]) return html`<${TeamMembers} id=${Number(parts[0])} />`;
  return html`<${TeamList} />`;
}

function TeamList() {
  const [page, setPage] = useState(1);
  const [editing, setEditing] = useState(null);
  const [deleting, setDeleting] = useState(null);
  const state = useFetch((signal) => listTeams({ page, per_page: 20, sort: "name" }, signal), [page]);
  const changed = () => {
    forgetTeams();
    state.reload();
  };
  return html`
    <div class="section-head">
      <h2>${t("admin.teams")}</h2>
      <button type="button" class="button primary" onClick=${() => setEditing({})}>${t("teams.new")}</button>
    </div>
    <${DataTable} state=${state} label=${t("admin.teams")} onPage=${setPage}
      empty=${{ title: t("teams.none"), hint: t("teams.noneHint") }}
      columns=${[
        { header: t("teams.name"), cell: (team) => html`<a href=${href(`/admin/teams/${team.id}`)}>${team.name}</a>` },
        { header: t("teams.description"), cell: (team) => team.description || "—" },
        { header: t("teams.maxAbsent"), cell: (team) => team.max_absent ?? t("teams.noLimit") },
        { header: t("teams.members"), cell: (team) => team.member_count },
        {
          actions: true,
          cell: (team) => html`<a class="button small" href=${href(`/admin/teams/${team.id}`)}>${t("teams.manageMembers")}<span class="visually-hidden"> ${team.name}</span></a>
            <button type="button" class="button small" onClick=${() => setEditing(team)}>${t("common.edit")}<span class="visually-hidden"> ${team.name}</span></button>
            <button type="button" class="button small danger-outline" onClick=${() => setDeleting(team)}>${t("common.delete")}<span class="visually-hidden"> ${team.name}</span></button>`,
        },
      ]} />
    ${editing && html`<${TeamDialog} team=${editing} onClose=${() => setEditing(null)} onSaved=${changed} />`}
    ${deleting &&
    html`<${ConfirmDialog} title=${t("teams.deleteTitle", { name: deleting.name })} message=${t("teams.deleteWarning")}
      confirmLabel=${t("common.delete")} danger removesOpener
      onConfirm=${async () => {
        await deleteTeam(deleting.id);
        notify(t("teams.deleted", { name: deleting.name }));
        changed();
      }}
      onClose=${() => setDeleting(null)} />`}
  `;
}

function TeamDialog({ team, onClose, onSaved }) {
  const [name, setName] = useState(team.name || "");
  const [description, setDescription] = useState(team.description || "");
  const [maxAbsent, setMaxAbsent] = useState(team.max_absent ? String(team.max_absent) : "");
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const save = async (event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const body = { name: name.trim(), description: description.trim() || null, max_absent: maxAbsent ? Number(maxAbsent) : null };
    try {
      const saved = team.id ? await updateTeam(team.id, body) : await createTeam(body);
      notify(t(team.id ? "teams.saved" : "teams.created", { name: saved.name }));
      onClose();
      onSaved();
    } catch (problem) {
      setError(problem);
      setBusy(false);
    }
  };
  return html`<${Dialog} title=${team.id ? t("teams.editTitle", { name: team.name }) : t("teams.new")} onClose=${onClose}>
    <form onSubmit=${save} novalidate>
      <${Field} label=${t("teams.name")} required value=${name} onValue=${setName} error=${fieldError(error, "name")} />
      <${TextArea} label=${t("teams.description")} value=${description} onValue=${setDescription} error=${fieldError(error, "description")} />
      <${Field} label=${t("teams.maxAbsent")} type="number" min="1" step="1" value=${maxAbsent} onValue=${setMaxAbsent}
        hint=${t("teams.maxAbsentHint")} error=${fieldError(error, "max_absent")} />
      <${ProblemAlert} error=${error} shownFields=${["name", "description", "max_absent"]} />
      <div class="actions">
        <button type="submit" class="button primary" disabled=${busy}>${t("common.save")}</button>
        <button type="button" class="button" onClick=${onClose}>${t("common.cancel")}</button>
      </div>
    </form>
  <//>`;
}

function TeamMembers({ id }) {
  const [page, setPage] = useState(1);
  const [person, setPerson] = useState(null);
  const [error, setError] = useState(null);
  const team = useFetch((signal) => getTeam(id, signal), [id]);
  const members = useFetch((signal) => listTeamMembers(id, { page, per_page: 50 }, signal), [id, page]);
  const change = async (action, user) => {
    setError(null);
    try {
      if (action === "add") await addTeamMember(id, user.id);
      else await removeTeamMember(id, user.id);
      notify(t(action === "add" ? "teams.added" : "teams.removed", { name: user.full_name, team: team.data?.name || "" }));
      setPerson(null);
      forgetTeams();
      members.reload();
    } catch (problem) {
      setError(problem);
    }
  };
  return html`
    <p><a href=${href("/admin/teams")}>‹ ${t("admin.teams")}</a></p>
    <h2>${team.data ? t("teams.membersOf", { name: team.data.name }) : t("teams.members")}</h2>
    <div class="panel">
      <${UserPicker} label=${t("teams.addMember")} value=${person} onValue=${setPerson} query=${{ is_active: true }} />
      ${person && html`<button type="button" class="button primary" onClick=${() => change("add", person)}>
        ${t("teams.addConfirm", { name: person.full_name })}</button>`}
      <${ProblemAlert} error=${error} />
    </div>
    <${Loaded} state=${members}>
      ${(body) =>
        body.items.length === 0
          ? html`<${Empty} title=${t("teams.noMembers")}><p>${t("teams.noMembersHint")}</p><//>`
          : html`<ul class="plain-list member-list">
                ${body.items.map(
                  (m) => html`<li key=${m.id} class="list-row">
                    <span><strong>${m.full_name}</strong> <span class="muted">${m.email || ""}</span></span>
                    <button type="button" class="button small danger-outline" onClick=${() => change("remove", m)}>
                      ${t("teams.remove")}<span class="visually-hidden"> ${m.full_name}</span>
                    </button>
                  </li>`,
                )}
              </ul>
              <${Pager} page=${body.page} pages=${body.pages} onPage=${setPage} />`}
    <//>
  `;
}
