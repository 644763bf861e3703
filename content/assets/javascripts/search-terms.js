// Index terms of German words: the same rules as engagiert/search/terms.py (the build's
// side); tests/test_search_terms.py checks that both give the same term for every word of
// the site. See there for the why of each step.

export const TOKEN_RE = /[\p{L}\p{N}]+/gu;
const ST_ENDING = new Set("bdfghklmnt");

export function tokens(text) {
  return text.match(TOKEN_RE) || [];
}

export function base(word) {
  const w = word.toLowerCase().normalize("NFC")
    .replace(/ä/g, "a").replace(/ö/g, "o").replace(/ü/g, "u").replace(/ß/g, "ss");
  return w.normalize("NFD").replace(/\p{M}/gu, "").replace(/[^\p{L}\p{N}]/gu, "");
}

export function fold(word) {
  return word.replace(/ae/g, "a").replace(/oe/g, "o").replace(/ue/g, "u").replace(/ss/g, "s");
}

export function stem(word) {
  let w = word;
  let n = w.length;
  const two = w.slice(-2);
  if (n > 5 && w.endsWith("ern")) w = w.slice(0, -3);
  else if (n > 4 && (two === "em" || two === "en" || two === "er" || two === "es")) w = w.slice(0, -2);
  else if (n > 3 && w[n - 1] === "e") w = w.slice(0, -1);
  else if (n > 3 && w[n - 1] === "s" && ST_ENDING.has(w[n - 2])) w = w.slice(0, -1);
  n = w.length;
  const two2 = w.slice(-2);
  if (n > 5 && w.endsWith("est")) w = w.slice(0, -3);
  else if (n > 4 && (two2 === "er" || two2 === "en")) w = w.slice(0, -2);
  else if (n > 4 && w.endsWith("st") && ST_ENDING.has(w[n - 3])) w = w.slice(0, -2);
  return w;
}

export function term(word) {
  return fold(stem(base(word)));
}

export function prefix(word) {
  return fold(base(word));
}
