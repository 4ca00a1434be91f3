// The one UI library: Preact with htm's tagged templates instead of JSX (no build step).
import { h, render, createContext, Fragment } from "../vendor/preact.js";
import htm from "../vendor/htm.js";

export const html = htm.bind(h);
export { h, render, createContext, Fragment };
export {
  useCallback,
  useContext,
  useEffect,
  useId,
  useMemo,
  useReducer,
  useRef,
  useState,
} from "../vendor/hooks.js";
