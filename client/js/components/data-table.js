// A list as a table: the loading line, the API's error, an empty state, the table itself
// (a caption, column headers with scope, each cell labelled for the phone layout) and the
// pager, for the admin lists that once each repeated this block.
import { html } from "../html.js";
import { t } from "../i18n.js";
import { Empty, Loaded } from "./feedback.js";
import { Pager } from "./pager.js";

/**
 * - `state`: a `useFetch` state; while it loads again the last rows stay, marked busy.
 * - `label`: the table's caption (read by screen readers, hidden on screen).
 * - `columns`: `[{header, cell: (row, data) => content, actions?}]`; an `actions` column
 *   has a header only screen readers read ("Actions") and holds the row's buttons.
 * - `rows(data)`: the rows of the loaded data (default `data.items`).
 * - `empty`: `{title, hint}` shown when there are no rows (`hint` may be markup).
 * - `onPage`: shows the pager (`data.page` of `data.pages`) when set.
 * - `footer(data)`: anything between the table and the pager (e.g. a total).
 */
export function DataTable({ state, label, columns, rows = (data) => data.items, rowKey = (row) => row.id, empty, onPage, footer }) {
  return html`<${Loaded} state=${state}>
    ${(data) => {
      const items = rows(data);
      if (items.length === 0) {
        return html`<${Empty} title=${empty.title}>${typeof empty.hint === "string" ? html`<p>${empty.hint}</p>` : empty.hint}<//>`;
      }
      return html`<table class="table stack" aria-busy=${state.loading ? "true" : undefined}>
          <caption class="visually-hidden">${label}</caption>
          <thead><tr>
            ${columns.map(
              (column, i) => html`<th key=${i} scope="col">${column.actions
                ? html`<span class="visually-hidden">${column.header || t("common.actions")}</span>`
                : column.header}</th>`,
            )}
          </tr></thead>
          <tbody>
            ${items.map(
              (row) => html`<tr key=${rowKey(row)}>
                ${columns.map((column, i) =>
                  column.actions
                    ? html`<td key=${i} class="cell-actions">${column.cell(row, data)}</td>`
                    : html`<td key=${i} data-label=${column.header}>${column.cell(row, data)}</td>`,
                )}
              </tr>`,
            )}
          </tbody>
        </table>
        ${footer?.(data)}
        ${onPage && html`<${Pager} page=${data.page} pages=${data.pages} onPage=${onPage} />`}`;
    }}
  <//>`;
}
