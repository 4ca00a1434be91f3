// "Admin" (HR): one section per thing admins look after, each a module of its own.
import { html } from "../html.js";
import { t } from "../i18n.js";
import { href } from "../router.js";
import { AdjustmentsSection } from "./admin/adjustments.js";
import { AuditSection } from "./admin/audit.js";
import { HolidaysSection } from "./admin/holidays.js";
import { LeaveTypesSection } from "./admin/leave-types.js";
import { NotificationsSection } from "./admin/notifications.js";
import { PoliciesSection } from "./admin/policies.js";
import { ReportsSection } from "./admin/reports.js";
import { TeamsSection } from "./admin/teams.js";
import { UsersSection } from "./admin/users.js";

const SECTIONS = [
  { name: "users", label: "admin.users", section: UsersSection },
  { name: "teams", label: "admin.teams", section: TeamsSection },
  { name: "leave-types", label: "admin.leaveTypes", section: LeaveTypesSection },
  { name: "policies", label: "admin.policies", section: PoliciesSection },
  { name: "holidays", label: "admin.holidays", section: HolidaysSection },
  { name: "adjustments", label: "admin.adjustments", section: AdjustmentsSection },
  { name: "reports", label: "admin.reports", section: ReportsSection },
  { name: "audit", label: "admin.audit", section: AuditSection },
  { name: "notifications", label: "admin.notifications", section: NotificationsSection },
];

export function AdminScreen({ user, route }) {
  const current = SECTIONS.find((s) => s.name === route.parts[1]) || SECTIONS[0];
  return html`
    <h1 tabindex="-1">${t("nav.admin")}</h1>
    <nav class="sub-nav" aria-label=${t("admin.sections")}>
      <ul>
        ${SECTIONS.map(
          (s) => html`<li key=${s.name}>
            <a href=${href(`/admin/${s.name}`)} aria-current=${s === current ? "page" : undefined}>${t(s.label)}</a>
          </li>`,
        )}
      </ul>
    </nav>
    <section class="admin-section" aria-label=${t(current.label)}>
      <${current.section} key=${current.name} user=${user} parts=${route.parts.slice(2)} />
    </section>
  `;
}
