// A small client of the PTO API, typed by openapi-typescript from the OpenAPI 3 document
// (pto-api.ts, generated with the tool's default options). It is only type-checked
// (`tsc --noEmit`, server/tests/e2e/test_typescript_client.py), never run: it builds the
// request bodies a client really sends, leaving out what the API lets it leave out, and
// reads the answers. `@ts-expect-error` marks what must stay an error.
import createClient from "openapi-fetch";
import type { components, paths } from "./pto-api";

type Schemas = components["schemas"];

// --- bodies as plain values ------------------------------------------------------------

// start_half, end_half, reason and user_id left out: the server fills them in
const leave: Schemas["LeaveRequestCreate"] = {
  leave_type_id: 1,
  start_date: "2027-02-01",
  end_date: "2027-02-05",
};
const halfDay: Schemas["LeaveRequestCreate"] = { ...leave, end_half: true, reason: null };
const moved: Schemas["LeaveRequestUpdate"] = { end_date: "2027-02-04" };
const renamed: Schemas["UserUpdate"] = { full_name: "Ada King" };
const approval: Schemas["Approval"] = {};
const leaveType: Schemas["LeaveTypeCreate"] = { name: "Vacation", code: "vacation" };
const rejection: Schemas["Rejection"] = { comment: "Team offsite that week" };

// what the server requires stays required
// @ts-expect-error end_date is required
const noEnd: Schemas["LeaveRequestCreate"] = { leave_type_id: 1, start_date: "2027-02-01" };
// @ts-expect-error a rejection needs its comment
const bareRejection: Schemas["Rejection"] = {};

// --- answers as plain values -----------------------------------------------------------

function describe(request: Schemas["LeaveRequest"]): string {
  const amount: number = request.amount; // always there, in request.unit
  const unit: "days" | "hours" = request.unit;
  const days: number | null = request.days; // null for hour types
  // @ts-expect-error days may be null
  const alwaysDays: number = request.days;
  const mayCancel: boolean = request.can_cancel;
  const halves: boolean = request.start_half || request.end_half;
  const comment: string | null = request.review_comment; // null until it is decided
  // @ts-expect-error review_comment may be null
  const notNull: string = request.review_comment;
  return `${amount} ${unit}${halves ? " (with a half day)" : ""}, ${mayCancel}: ${comment ?? "-"}`;
}

// --- the same through openapi-fetch, typed by path and method -----------------------------

export async function main(baseUrl: string): Promise<string[]> {
  const api = createClient<paths>({ baseUrl });
  const login = await api.POST("/auth/login", {
    body: { email: "ada@example.com", password: "pto-demo-password" },
  });
  if (login.error) {
    const problem: Schemas["Problem"] = login.error;
    throw new Error(`${problem.type}: ${problem.detail}`);
  }
  const expiresIn: number = login.data.expires_in;
  const headers = { Authorization: `Bearer ${login.data.access_token}` };

  const preview = await api.POST("/requests/preview", { body: leave, headers });
  const previewed: number | undefined = preview.data?.amount;
  const made = await api.POST("/requests", {
    body: { leave_type_id: 1, start_date: "2027-03-01", end_date: "2027-03-01" },
    headers,
  });
  const id = made.data?.id ?? 0;
  await api.PATCH("/requests/{request_id}", {
    params: { path: { request_id: id } },
    body: moved,
    headers,
  });
  // an approval without a comment, and without any body at all
  await api.POST("/requests/{request_id}/approve", {
    params: { path: { request_id: id } },
    body: approval,
    headers,
  });
  const approved = await api.POST("/requests/{request_id}/approve", {
    params: { path: { request_id: id } },
    headers,
  });
  await api.PATCH("/users/{user_id}", { params: { path: { user_id: 4 } }, body: renamed, headers });
  await api.POST("/leave-types", { body: leaveType, headers });
  await api.POST("/requests/{request_id}/reject", {
    params: { path: { request_id: id } },
    body: rejection,
    headers,
  });
  await api.POST("/requests", { body: halfDay, headers });

  // page and per_page have defaults: a query may leave them out
  const pending = await api.GET("/requests", { params: { query: { status: "pending" } }, headers });
  const lines = (pending.data?.items ?? []).map(describe);
  const balances = await api.GET("/users/{user_id}/balances", {
    params: { path: { user_id: 4 }, query: { year: 2027 } },
    headers,
  });
  for (const balance of balances.data?.items ?? []) {
    lines.push(`${balance.leave_type.name}: ${balance.available ?? "unlimited"}`);
  }
  if (approved.data) lines.push(describe(approved.data));
  lines.push(`token for ${expiresIn} s, preview ${previewed ?? "-"} ${preview.data?.unit ?? ""}`);
  return lines;
}

export const unused = [noEnd, bareRejection];
