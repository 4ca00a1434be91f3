// Admin › Audit log: who changed what and when, newest first.
import { listAudit } from "../../api/audit.js";
import { DataTable } from "../../components/data-table.js";
import { Field, Select } from "../../components/form.js";
import { useFetch } from "../../data.js";
import { html, useState } from "../../html.js";
import { hasMessage, t } from "../../i18n.js";
import { formatTimestamp } from "../../format.js";

const ENTITIES = ["user", "team", "leave_type", "holiday", "adjustment", "leave_request"];

/** "Request approved" for `leave_request.approved`; the action itself for one without words. */
function actionLabel(action) {
  const [entity, verb] = action.split(".");
  const thing = `audit.thing.${entity}`;
  const done = `audit.verb.${verb}`;
  return hasMessage(thing) && hasMessage(done) ? t("audit.label", { thing: t(thing), verb: t(done) }) : null;
}

function show(value) {
  if (value === null || value === undefined) return "—";
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}

export function AuditSection() {
  const [entity, setEntity] = useState("");
  const [entityId, setEntityId] = useState("");
  const [page, setPage] = useState(1);
  const state = useFetch(async (signal) => {
    return listAudit({ entity, entity_id: entityId, page, per_page: 25 }, signal);
  }, [entity, entityId, page]);
  return html`
    <h2>${t("admin.audit")}</h2>
    <div class="filters">
      <${Select} label=${t("audit.entity")} value=${entity} placeholder=${t("audit.allEntities")}
        options=${ENTITIES.map((e) => ({ value: e, label: t(`audit.entities.${e}`) }))}
        onValue=${(v) => { setEntity(v); setPage(1); }} />
      <${Field} label=${t("audit.entityId")} type="number" min="1" value=${entityId} onValue=${(v) => { setEntityId(v); setPage(1); }} />
    </div>
    <${DataTable} state=${state} label=${t("admin.audit")} onPage=${setPage}
      empty=${{ title: t("audit.none"), hint: t("audit.noneHint") }}
      columns=${[
        { header: t("audit.at"), cell: (e) => formatTimestamp(e.at) },
        {
          header: t("audit.actor"),
          cell: (e) => (e.actor_id === null ? t("audit.system") : e.actor_name || t("users.userNumber", { id: e.actor_id })),
        },
        { header: t("audit.action"), cell: (e) => html`${actionLabel(e.action) || html`<code>${e.action}</code>`} #${e.entity_id}` },
        {
          header: t("audit.changes"),
          cell: (e) => html`<ul class="changes">
            ${Object.entries(e.changes || {}).map(
              ([field, change]) => html`<li key=${field}><strong>${field}</strong>: ${Array.isArray(change) && change.length === 2
                ? `${show(change[0])} → ${show(change[1])}`
                : show(change)}</li>`,
            )}
          </ul>`,
        },
      ]} />
  `;
}
