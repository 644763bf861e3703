// Site search on /suche/: a small UI on the site's own search index (suchindex/, written by
// engagiert/search/store.py, read by search-index.js). Loads the parts of the index a query
// needs on demand; everything comes from this site.
//
// - Searches as the visitor types (no debounce: stale answers are dropped), on submit and
//   when a filter changes; the address keeps ?q=&format=&thema=&jahr= (shareable, back button).
// - The status line (role="status") announces the number of results; results are an ordered
//   list of headings with links, format, date, topics and an excerpt.
// - Excerpts are cut from the page's text around the first highlighted word (search-index.js
//   finds them; a match on a compound's part highlights the compound).

import { SearchIndex, locations } from "./search-index.js";

const PAGE_SIZE = 10;
const EXCERPT_WORDS = 32;

const root = document.querySelector("[data-eng-search]");

// Hyphens and slashes separate words ("E-Mail" → "E Mail"), as in the index.
export function normaliseQuery(query) {
  return query.replace(/[‐‑‒–—\-\/]+/g, " ").replace(/\s+/g, " ").trim();
}

function escapeHtml(text) {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
}

// Excerpt HTML (escaped words, matches in <mark>) from a result's data: about `length`
// words around the first match; the summary when no word of the text matched.
export function buildExcerpt(data, length = EXCERPT_WORDS) {
  const words = (data.content || "").split(/[\r\n\s]+/g);
  const marked = new Set(data.locations || []);
  if (!marked.size) {
    const summary = data.meta && data.meta.zusammenfassung;
    if (summary) return escapeHtml(summary);
  }
  const first = marked.size ? Math.min(...marked) : 0;
  let start = Math.max(0, first - Math.floor(length / 3));
  if (start + length > words.length) start = Math.max(0, words.length - length);
  const slice = [];
  for (let i = start; i < Math.min(words.length, start + length); i++) {
    const w = escapeHtml(words[i]);
    slice.push(marked.has(i) ? `<mark>${w}</mark>` : w);
  }
  return (start > 0 ? "… " : "") + slice.join(" ") + (start + length < words.length ? " …" : "");
}

// "3 Ergebnisse für „Karte“, Format: Leitfaden." – active filters are part of the count, so
// that a small number is not mistaken for the whole (issue #19).
const FILTER_NAMES = { format: "Format", thema: "Thema", jahr: "Jahr" };

function countText(n, query, active = {}) {
  const what = query ? ` für „${query}“` : "";
  const parts = Object.entries(active).map(([k, v]) => `${FILTER_NAMES[k] || k}: ${v}`);
  const where = parts.length ? `, ${parts.join(", ")}` : "";
  if (n === 0) return `Keine Ergebnisse${what}${where}.`;
  if (n === 1) return `1 Ergebnis${what}${where}.`;
  return `${n.toLocaleString("de-DE")} Ergebnisse${what}${where}.`;
}

// Screen readers hear the count once typing has settled, not on every keystroke.
const ANNOUNCE_DELAY = 900;

function resultItem(data) {
  const li = document.createElement("li");
  li.className = "eng-result";
  const h = document.createElement("h2");
  h.className = "eng-result__title";
  const a = document.createElement("a");
  a.href = data.url;
  a.textContent = (data.meta && data.meta.title) || data.url;
  h.append(a);
  const meta = document.createElement("p");
  meta.className = "eng-result__meta";
  const format = document.createElement("span");
  format.className = "eng-result__format";
  format.textContent = (data.meta && data.meta.format) || "Seite";
  meta.append(format);
  for (const [key, label] of [["datum", null], ["themen", "Themen: "]]) {
    const value = data.meta && data.meta[key];
    if (!value) continue;
    const span = document.createElement("span");
    span.className = `eng-result__${key}`;
    span.textContent = (label || "") + value;
    meta.append(span);
  }
  const excerpt = document.createElement("p");
  excerpt.className = "eng-result__excerpt";
  excerpt.innerHTML = buildExcerpt(data); // escaped word by word in buildExcerpt
  li.append(h, meta, excerpt);
  return li;
}

// While the visitor gets to the field: run the text code once on a sample, so that the first
// search does not compile the regular expressions and run these functions cold on its way
// to the results. Touches nothing on the page.
const WARM_UP_TEXT = "Die Engagementförderung der Kommunen stärkt das Ehrenamt in Nordrhein-Westfalen.";

function warmUp(index) {
  const words = index.queryWords("Engagementförderung Ehrenämter");
  for (let i = 0; i < 3; i++) {
    const data = { url: "#", meta: { title: "", format: "" }, content: WARM_UP_TEXT };
    data.locations = locations(WARM_UP_TEXT, words);
    resultItem(data);
    countText(i, WARM_UP_TEXT);
    normaliseQuery(WARM_UP_TEXT);
  }
}

async function main() {
  if (!root) return;
  const form = root.querySelector("form");
  const input = root.querySelector("#eng-q");
  const selects = [...root.querySelectorAll("select[data-filter]")];
  const status = root.querySelector("[data-status]");
  const list = root.querySelector("[data-results]");
  const more = root.querySelector("[data-more]");
  const bundle = new URL(root.dataset.bundle, location.href).href;
  const baseUrl = new URL(root.dataset.base || "/", location.href).pathname;

  // Take the state from the address (?q= from the header form, or a shared link).
  const params = new URLSearchParams(location.search);
  input.value = params.get("q") || "";
  // Arriving from the header's search button on a phone (an empty ?q=): straight into the field.
  if (params.has("q") && !params.get("q")) input.focus();
  for (const select of selects) {
    const value = params.get(select.name);
    if (value && [...select.options].some((o) => o.value === value)) select.value = value;
  }

  let index;
  try {
    index = await SearchIndex.open(bundle, baseUrl);
  } catch (err) {
    status.textContent = "Die Suche konnte nicht geladen werden. Bitte laden Sie die Seite neu.";
    const live = root.querySelector("[data-announce]");
    if (live) live.textContent = status.textContent;
    return;
  }

  if (!input.value) setTimeout(() => warmUp(index), 0);

  let generation = 0;
  let searching = false;
  let pending = false;
  let results = [];  // document ids, best first
  let search = null;  // the search they came from (loads a result's data)
  let shown = 0;

  function filters() {
    const f = {};
    for (const select of selects) if (select.value) f[select.dataset.filter] = select.value;
    return f;
  }

  function remember(query) {
    const next = new URLSearchParams();
    if (query) next.set("q", query);
    for (const select of selects) if (select.value) next.set(select.name, select.value);
    const qs = next.toString();
    history.replaceState(null, "", qs ? `?${qs}` : location.pathname);
  }

  async function showMore(gen, focusFirst) {
    const batch = results.slice(shown, shown + PAGE_SIZE);
    const datas = await Promise.all(Array.from(batch, (id) => search.data(id)));
    if (gen !== generation) return;
    const items = datas.map(resultItem);
    list.append(...items);
    shown += batch.length;
    more.hidden = shown >= results.length;
    if (focusFirst && items.length) items[0].querySelector("a").focus();
  }

  const announcer = root.querySelector("[data-announce]");
  const tips = root.querySelector("[data-tips]");
  let announceTimer = null;

  function say(text, { tip = false } = {}) {
    status.textContent = text;
    if (tips) tips.hidden = !tip;
    if (!announcer) return;
    clearTimeout(announceTimer);
    announceTimer = setTimeout(() => {
      // Cleared first, so that the same text is announced again after a change.
      announcer.textContent = "";
      setTimeout(() => { announcer.textContent = text + (tip ? " Tipps stehen unter der Meldung." : ""); }, 50);
    }, ANNOUNCE_DELAY);
  }

  async function run() {
    const gen = ++generation;
    clearTimeout(announceTimer);  // still typing: nothing to announce yet
    root.dataset.state = "busy";
    const raw = input.value.trim();
    const query = normaliseQuery(raw);
    const active = filters();
    remember(raw);
    if (query.length === 1 && !Object.keys(active).length) {
      // one letter matches almost everything: wait for the second one
      say("Bitte geben Sie mindestens zwei Buchstaben ein.");
      root.dataset.state = "done";
      return;
    }
    if (!query && !Object.keys(active).length) {
      results = [];
      list.replaceChildren();
      list.hidden = true;
      more.hidden = true;
      say("");
      root.dataset.state = "done";
      return;
    }
    // One search at a time: keystrokes that arrive meanwhile are folded into one more search
    // for the latest input, instead of queueing a search per keystroke.
    if (searching) {
      pending = true;
      return;
    }
    searching = true;
    let found = null;
    try {
      found = await index.search(query, { filters: active });
    } catch (err) {
      found = null; // a part of the index could not be loaded (offline, a new deployment)
    } finally {
      searching = false;
    }
    if (pending) {
      pending = false;
      run();
      return;
    }
    if (gen === generation && !found) {
      say("Die Suche ist gerade nicht erreichbar. Bitte versuchen Sie es noch einmal.");
      root.dataset.state = "done";
      return;
    }
    if (gen !== generation || !found) return;
    results = found.ids;
    search = found;
    shown = 0;
    const batch = Array.from(results.slice(0, PAGE_SIZE), (id) => found.data(id));  // fetched side by side
    if (!batch.length) {
      list.replaceChildren();
      list.hidden = true;
      more.hidden = true;
      say(countText(0, raw, active), { tip: true });
      root.dataset.state = "done";
      return;
    }
    // Results appear in order as their files arrive: the first does not wait for the tenth.
    // The previous results stay until the first new one replaces them.
    for (const pendingData of batch) {
      let data;
      try {
        data = await pendingData;
      } catch (err) {
        if (gen !== generation) return;
        // a result's file could not be loaded: keep what is shown, say so if nothing is
        if (shown === 0) say("Die Suche ist gerade nicht erreichbar. Bitte versuchen Sie es noch einmal.");
        more.hidden = true;
        root.dataset.state = "done";
        return;
      }
      if (gen !== generation) return;
      if (shown === 0) {
        list.replaceChildren(resultItem(data));
        list.hidden = false;
        more.hidden = true;
        say(countText(results.length, raw, active));
      } else {
        list.append(resultItem(data));
      }
      shown += 1;
    }
    more.hidden = shown >= results.length;
    root.dataset.state = "done";
  }

  input.addEventListener("input", run);
  for (const select of selects) select.addEventListener("change", run);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    run();
  });
  more.addEventListener("click", () => showMore(generation, true));

  if (input.value || Object.keys(filters()).length) run();
}

main();
