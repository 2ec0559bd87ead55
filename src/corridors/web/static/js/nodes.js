// Node and country names in the page's language (from the map data, fetched once per page).
// The planner and the API name places in English; pages show the user's language where we know it.
import { LANG } from "./common.js";

let promise;
const mapData = () => (promise ??= fetch(`/web/data/map.json?lang=${LANG}`).then((r) => r.json()));

export const nodeIndex = () => mapData().then((d) => new Map(d.nodes.map((n) => [n.id, n])));
export const countryNames = () => mapData().then((d) => d.countries);

/** A function id -> local name, falling back to the name given (or the id). */
export async function namer() {
  const [nodes, countries] = await Promise.all([nodeIndex(), countryNames()]);
  const node = (id, fallback) => nodes.get(id)?.name || fallback || id;
  node.country = (code) => countries[code] || code;
  return node;
}
