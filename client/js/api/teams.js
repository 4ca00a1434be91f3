// /teams: teams, their limits and their members.
import { get, getAll, patch, post, put, remove } from "../api.js";

export const listTeams = (query, signal) => get("/teams", query, signal);
export const allTeams = (query, signal) => getAll("/teams", query, signal);
export const getTeam = (id, signal) => get(`/teams/${id}`, undefined, signal);
export const createTeam = (body) => post("/teams", body);
export const updateTeam = (id, body) => patch(`/teams/${id}`, body);
export const deleteTeam = (id) => remove(`/teams/${id}`);
export const listTeamMembers = (id, query, signal) => get(`/teams/${id}/members`, query, signal);
/** Every member of a team (for doing something to each). */
export const allTeamMembers = (id, signal) => getAll(`/teams/${id}/members`, {}, signal);
export const addTeamMember = (teamId, userId) => put(`/teams/${teamId}/members/${userId}`);
export const removeTeamMember = (teamId, userId) => remove(`/teams/${teamId}/members/${userId}`);
