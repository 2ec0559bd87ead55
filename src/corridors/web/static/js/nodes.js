// Node names and positions in the page's language (from the map data, fetched once per page).
import { LANG } from "./common.js";

let promise;
export function nodeIndex() {
  promise ??= fetch(`/web/data/map.json?lang=${LANG}`).then((r) => r.json()).then((d) => new Map(d.nodes.map((n) => [n.id, n])));
  return promise;
}
