import { initI18n } from '$lib/i18n';
import type { LayoutLoad } from './$types';

// A single-page app: Express serves index.html for every path and the browser does the rest.
export const ssr = false;
export const prerender = false;

// Messages must be loaded before the first render, or the first paint would show raw keys.
export const load: LayoutLoad = async () => {
  await initI18n();
  return {};
};
