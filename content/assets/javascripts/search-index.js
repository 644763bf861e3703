// Reads the static search index of engagiert/search/store.py (suchindex/): downloads its
// small table of contents, then only the word shards a query needs, then one document file
// per result shown. Query words become index terms with search-terms.js (the build's rules).
//
// - Every word of the query must occur (AND); the last word also matches as the start of
//   longer terms, since the visitor may still be typing ("Förder" finds "Förderung"), both
//   as typed and as its stem ("Kommunen" → "kommun" finds "Kommunale").
// - Score: per word, BM25: the best weight (from the index) among its matching terms, times
//   the IDF of the word, from the number of documents any of its terms occurs in (so that a
//   rare longer term does not outweigh the word itself);
//   a term matched only as a prefix counts less the more it adds to it (PREFIX_FACTOR at
//   worst: "kommun" → "kommunal" counts 0.85, → "kommunikationsweg" 0.69); the words'
//   scores add up.
//   Ties: newer first (document ids run newest first).
// - Without query words, the documents of the chosen filters, newest first.

import { term, prefix, tokens, base, fold } from "./search-terms.js";

const MIN_TERM = 2;
const MIN_PREFIX = 3;
const PREFIX_FACTOR = 0.5;
// A prefix reaching into more shards than this (a short prefix of a common word stem) is
// matched in its own shard only until the visitor has typed more letters.
const MAX_EXPAND = 4;
// Documents per file (engagiert/search/store.py: DOC_CHUNK).
const DOC_CHUNK = 8;

function keyFile(key) {
  return /^[a-z0-9]+$/.test(key)
    ? key
    : [...key].map((c) => (/[a-z0-9]/.test(c) ? c : `_${c.codePointAt(0).toString(16)}_`)).join("");
}

function undelta(deltas) {
  const ids = new Array(deltas.length);
  let last = 0;
  for (let i = 0; i < deltas.length; i++) ids[i] = last += deltas[i];
  return ids;
}

export class SearchIndex {
  constructor(url, baseUrl, meta) {
    this.url = url;
    this.baseUrl = baseUrl;
    this.meta = meta;
    this.keys = meta.shards; // sorted
    this.keySet = new Set(meta.shards);
    this.cache = new Map();
  }

  static async open(url, baseUrl = "/") {
    const response = await fetch(url + "meta.json", { cache: "no-cache" });
    if (!response.ok) throw new Error(`Suchindex: ${response.status}`);
    return new SearchIndex(url, baseUrl, await response.json());
  }

  fetchJson(rel) {
    let promise = this.cache.get(rel);
    if (!promise) {
      promise = fetch(`${this.url}${rel}?v=${this.meta.hash}`).then((r) => {
        if (!r.ok) throw new Error(`Suchindex: ${rel} ${r.status}`);
        return r.json();
      });
      promise.catch(() => this.cache.delete(rel));
      this.cache.set(rel, promise);
    }
    return promise;
  }

  // The shard of the longest key that starts `text` (null: no term starts like this).
  shardOf(text) {
    for (let n = text.length; n > 0; n--) {
      if (this.keySet.has(text.slice(0, n))) return text.slice(0, n);
    }
    return null;
  }

  // Keys longer than `p` that start with it (shards holding more terms starting with p).
  keysUnder(p) {
    let lo = 0;
    let hi = this.keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.keys[mid] < p) lo = mid + 1;
      else hi = mid;
    }
    const out = [];
    for (let i = lo; i < this.keys.length && this.keys[i].startsWith(p); i++) {
      if (this.keys[i] !== p) out.push(this.keys[i]);
    }
    return out;
  }

  shard(key) {
    return this.fetchJson(`w/${keyFile(key)}.json`);
  }

  // Scores of one query word ({ t: exact term, p: prefixes, maybe none }): a Float64Array
  // indexed by document id (0: no match) and the list of ids it matched; typed arrays, not
  // Maps, so that a word on 20,000 pages takes a few milliseconds.
  async wordScores(word) {
    const keys = new Set();
    const own = this.shardOf(word.t);
    if (own !== null) keys.add(own);
    for (const p of word.p) {
      const at = this.shardOf(p);
      if (at !== null) keys.add(at);
      const under = this.keysUnder(p);
      if (under.length <= MAX_EXPAND) under.forEach((k) => keys.add(k));
    }
    const shards = await Promise.all([...keys].map((k) => this.shard(k)));
    const n = this.meta.documents;
    const scores = new Float64Array(this.meta.ids);
    const matched = [];
    const seen = new Set();
    for (const shard of shards) {
      for (const t in shard) {
        if (seen.has(t)) continue;
        let factor = t === word.t ? 1 : 0;
        for (const p of word.p) {
          if (t.startsWith(p)) factor = Math.max(factor, PREFIX_FACTOR + ((1 - PREFIX_FACTOR) * p.length) / t.length);
        }
        if (!factor) continue;
        seen.add(t);
        const [deltas, weights] = shard[t];
        let id = 0;
        for (let i = 0; i < deltas.length; i++) {
          id += deltas[i];
          const s = weights[i] * factor;
          const old = scores[id];
          if (old === 0) matched.push(id);
          if (s > old) scores[id] = s;
        }
      }
    }
    const df = matched.length;
    const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5)) / 100;
    for (const id of matched) scores[id] *= idf;
    return { scores, matched };
  }

  // Sorted doc ids that carry every chosen filter value ({ format: "Leitfaden", … }), or null.
  async filtered(filters) {
    const chosen = Object.entries(filters || {});
    const files = await Promise.all(chosen.map(([name]) => this.fetchJson(`f/${name}.json`))); // side by side
    let set = null;
    for (const [k, [, value]] of chosen.entries()) {
      const values = files[k];
      const ids = values[value] ? undelta(values[value]) : [];
      if (set === null) set = ids;
      else {
        const keep = new Set(set);
        set = ids.filter((id) => keep.has(id));
      }
    }
    return set;
  }

  queryWords(query) {
    const raw = tokens(query || "");
    const words = [];
    raw.forEach((w, i) => {
      const t = term(w);
      const typed = prefix(w);
      if (t.length < MIN_TERM && typed.length < MIN_TERM) return;
      const p = i === raw.length - 1 ? [...new Set([typed, t])].filter((x) => x.length >= MIN_PREFIX) : [];
      words.push({ t, p });
    });
    return words;
  }

  // { ids: document ids, best first; data(id): a promise of what a result shows }.
  // (Ids, not one object per result: a common word matches 20,000 pages at size L.)
  async search(query, { filters } = {}) {
    const words = this.queryWords(query);
    const wanted = await this.filtered(filters);
    const data = (id) => this.document(id, words);
    let ids;
    if (!words.length) {
      if (tokens(query || "").length || wanted === null) return { ids: [], data };
      ids = wanted; // newest first: ids run by date
    } else {
      const perWord = await Promise.all(words.map((w) => this.wordScores(w)));
      perWord.sort((a, b) => a.matched.length - b.matched.length);
      const allowed = wanted === null ? null : new Set(wanted);
      let hits = perWord[0].matched;
      let total = perWord[0].scores;
      if (allowed || perWord.length > 1) {
        const kept = [];
        total = new Float64Array(total.length);
        for (const id of hits) {
          if (allowed && !allowed.has(id)) continue;
          let sum = perWord[0].scores[id];
          for (let k = 1; k < perWord.length && sum > 0; k++) {
            const other = perWord[k].scores[id];
            sum = other > 0 ? sum + other : 0;
          }
          if (sum > 0) {
            kept.push(id);
            total[id] = sum;
          }
        }
        hits = kept;
      }
      // Best first, ties newer (lower id) first: one numeric key per hit, sorted natively
      // (ids < 2^22, scores to 6 decimals: the key stays within 2^53).
      const order = new Float64Array(hits.length);
      for (let i = 0; i < hits.length; i++) {
        order[i] = -Math.round(total[hits[i]] * 1e6) * 4194304 + hits[i];
      }
      order.sort();
      ids = new Int32Array(order.length);
      for (let i = 0; i < order.length; i++) ids[i] = ((order[i] % 4194304) + 4194304) % 4194304;
    }
    return { ids, data };
  }

  async document(id, words) {
    const chunk = await this.fetchJson(`d/${Math.floor(id / DOC_CHUNK).toString(16)}.json`);
    const doc = chunk[id % DOC_CHUNK];
    return {
      url: this.baseUrl + doc.url,
      meta: { title: doc.title, format: doc.format, datum: doc.datum, themen: doc.themen, zusammenfassung: doc.zusammenfassung },
      content: doc.text,
      locations: locations(doc.text, words),
    };
  }
}

// Indexes of the whitespace-separated words of `text` to highlight for the query words:
// words whose term is a query term, or that start with the word being typed; failing
// that, words that contain a query term (a compound found through one of its parts).
// Only the first matches are needed (the excerpt shows the words around the first one):
// the scan stops `span` words after it.
const termCache = new Map();

function termAndFolded(tok) {
  let hit = termCache.get(tok);
  if (!hit) {
    if (termCache.size > 20000) termCache.clear();
    hit = [term(tok), fold(base(tok))];
    termCache.set(tok, hit);
  }
  return hit;
}

export function locations(text, words, span = 64) {
  const parts = text.split(/[\r\n\s]+/g);
  const exact = new Set(words.map((w) => w.t));
  const prefixes = words.flatMap((w) => w.p);
  const found = [];
  const inside = [];
  for (let i = 0; i < parts.length; i++) {
    if (found.length && i > found[0] + span) break;
    for (const tok of tokens(parts[i])) {
      const [t, folded] = termAndFolded(tok);
      if (exact.has(t) || prefixes.some((p) => folded.startsWith(p))) {
        found.push(i);
        break;
      }
      if (!found.length && inside.length < span && words.some((w) => w.t.length > 2 && folded.includes(w.t))) {
        inside.push(i);
      }
    }
  }
  return found.length ? found : inside;
}
