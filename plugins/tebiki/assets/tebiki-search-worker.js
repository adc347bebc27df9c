/* tebiki search worker: installed by tebiki in place of Material for MkDocs' lunr
   worker (search_worker.py), speaking the same messages: SETUP (0) -> READY (1),
   QUERY (2) -> RESULT (3) with {items: [[page, ...sections]], suggest?}.

   Why: lunr builds its inverted index in the browser on every page load, segmenting
   every section of every page (10-13 s at 1,000 procedures). Here nothing is built:
   the index the search plugin wrote (already NFKC, search_index.py) is kept as
   lower-case plain text and each query is a substring scan (a few ms for 20,000
   sections), so a word is found inside a longer one (調整 in 年末調整) and a step
   phrase is found as written (証憑を回収する).

   Ranking, in the scores themselves (not a reordering of rendered results):
   a word in a page title (or in the title's kana reading, ｹｲﾋｾｲｻﾝ -> 経費精算) >
   in a section (step) title > in the page's tags > in the text. Every word typed
   must match (AND). A word found nowhere falls back to its kanji, katakana and
   Latin runs (証憑を回収します -> 証憑 + 回収); hiragana runs (を, する) are then
   neither required nor highlighted, unless the word is all hiragana.
   Offline, no library. */
"use strict";

var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;

var FIELD = { title: 100, reading: 90, section: 40, tags: 30, text: 10, context: 5 };

var entries = [];      /* one per index document, same order */
var suggestOn = false;

/* ------------------------------------------------------------------ text */

/* Material's index keeps only p, code, pre, li, ol, ul, sub, sup: the inline ones go,
   any other tag ends a block (a space, so words of two list items never run together) */
var INLINE_TAG = /<\/?(?:code|sub|sup)\b[^>]*>/gi;
var TAG = /<[^>]*>/g;
var ENTITY = /&(amp|lt|gt|quot|apos|nbsp|#39|#x27);/g;
var ENTITIES = { amp: "&", lt: "<", gt: ">", quot: "\"", apos: "'", nbsp: " ", "#39": "'", "#x27": "'" };

/** Lower-case text of an index field (already NFKC: search_index.py). */
function plain(html) {
  var text = String(html || "");
  if (text.indexOf("<") >= 0) text = text.replace(INLINE_TAG, "").replace(TAG, " ");
  if (text.indexOf("&") >= 0) text = text.replace(ENTITY, function (_, name) { return ENTITIES[name]; });
  return text.toLowerCase();
}

/** The tags as one string, each between newlines (a whole tag is matched as "\ntag\n"). */
function tagText(tags) {
  return Array.isArray(tags) ? "\n" + tags.map(plain).join("\n") + "\n" : "";
}

/** A section has its page's tags (Material copies them to every document): computed once. */
function sameTags(a, b) {
  if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
  for (var k = 0; k < a.length; k++) if (a[k] !== b[k]) return false;
  return true;
}

/** Some of `words` is in `text` (lower case): only then is there anything to mark. */
function hasAny(text, words) {
  for (var k = 0; k < words.length; k++) if (text.indexOf(words[k]) >= 0) return true;
  return false;
}

function hiragana(text) {  /* カタカナ -> ひらがな (readings are stored in hiragana) */
  return text.replace(/[\u30a1-\u30f6]/g, function (c) {
    return String.fromCharCode(c.charCodeAt(0) - 0x60);
  });
}

var KANA_ONLY = /^[\u3041-\u3096\u309d\u309e\u30a1-\u30fa\u30fc\u30fd\u30fe]+$/;
var HIRAGANA_ONLY = /^[\u3041-\u3096\u309d\u309e\u30fc]+$/;
/* kanji, katakana and Latin runs of a phrase; hiragana runs (particles, okurigana) dropped */
var CONTENT_RUN = /[\u3005\u3007\u3400-\u9fff\uf900-\ufaff]+|[\u30a1-\u30fa\u30fc\u30fd\u30fe]+|[a-z0-9_.@#%&+\-]+/g;

/* ------------------------------------------------------------------ setup */

function setup(data) {
  var docs = (data && data.docs) || [];
  var pages = Object.create(null);
  entries = new Array(docs.length);
  for (var i = 0; i < docs.length; i++) {
    var doc = docs[i];
    var location = String(doc.location || "");
    var hash = location.indexOf("#");
    var path = hash < 0 ? location : location.slice(0, hash);
    var page = pages[path];
    var isPage = page === undefined;
    if (isPage) pages[path] = page = i;
    entries[i] = {
      doc: doc,
      page: page,
      isPage: isPage,
      title: plain(doc.title),
      text: plain(doc.text),
      tags: isPage ? tagText(doc.tags) : sameTags(doc.tags, docs[page].tags) ? entries[page].tags : tagText(doc.tags),
      reading: typeof doc.reading === "string" ? hiragana(doc.reading.normalize("NFKC").toLowerCase()) : "",
      boost: 1 + 0.1 * Math.log2(Math.max(1, +doc.boost || 1))
    };
  }
  suggestOn = !!(data && data.options && data.options.suggest);
}

/* ------------------------------------------------------------------ query */

/** The words typed: NFKC, lower case, split at spaces; Lunr/Material syntax characters dropped. */
function parse(query) {
  var seen = Object.create(null), words = [];
  String(query || "").normalize("NFKC").toLowerCase()
    .replace(/["*^~]|(^|\s)[+\-:]+/g, " ")
    .split(/[\s\u3000]+/)
    .forEach(function (w) { if (w && !seen[w]) { seen[w] = true; words.push(w); } });
  return words;
}

/** Score of one word in one document (0: not there). */
function wordScore(entry, word, kana) {
  var at = entry.title.indexOf(word);
  if (at >= 0) {
    var base = entry.isPage ? FIELD.title : FIELD.section;
    return base + (entry.title === word ? 20 : at === 0 ? 10 : 0);
  }
  if (kana && entry.reading) {
    var r = entry.reading.indexOf(kana);
    if (r >= 0) return FIELD.reading + (r === 0 ? 10 : 0);
  }
  if (entry.tags.indexOf("\n" + word + "\n") >= 0) return FIELD.tags + 5;
  if (entry.tags.indexOf(word) >= 0) return FIELD.tags;
  var count = 0;
  for (var from = entry.text.indexOf(word); from >= 0 && count < 5; from = entry.text.indexOf(word, from + word.length))
    count++;
  if (count) return FIELD.text + count;
  if (!entry.isPage && entries[entry.page].title.indexOf(word) >= 0) return FIELD.context;
  return 0;
}

/** Terms that every matching document contains: the words, or, for a word found
    nowhere, its content runs (particles left out). */
function terms(words) {
  var out = [];
  words.forEach(function (word) {
    if (found(word)) { out.push(word); return; }
    if (HIRAGANA_ONLY.test(word)) { out.push(word); return; }
    var runs = word.match(CONTENT_RUN) || [];
    if (!runs.length || (runs.length === 1 && runs[0] === word)) { out.push(word); return; }
    runs.forEach(function (run) { if (out.indexOf(run) < 0) out.push(run); });
  });
  return out;
}

function found(word) {
  var kana = KANA_ONLY.test(word) ? hiragana(word) : "";
  for (var i = 0; i < entries.length; i++)
    if (wordScore(entries[i], word, kana)) return true;
  return false;
}

/* ------------------------------------------------------------------ marks */

function escapeRegExp(text) { return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }
function escapeHtml(text) { return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;"); }

/** `html` with every term marked, outside tags only. */
function marker(words) {
  var alternatives = words.slice().sort(function (a, b) { return b.length - a.length; })
    .map(function (w) { return escapeRegExp(escapeHtml(w)); });
  var pattern = new RegExp("(" + alternatives.join("|") + ")", "giu");
  return function (html) {
    if (typeof html !== "string" || !html) return html;
    return html.split(/(<[^>]*>)/).map(function (part) {
      return part.charAt(0) === "<" ? part : part.replace(pattern, "<mark>$1</mark>");
    }).join("");
  };
}

/* ------------------------------------------------------------------ search */

function search(query) {
  var words = terms(parse(query));
  if (!words.length) return { items: [] };
  var kanas = words.map(function (w) { return KANA_ONLY.test(w) ? hiragana(w) : ""; });

  var groups = Object.create(null), order = [];
  for (var i = 0; i < entries.length; i++) {
    var entry = entries[i], score = 0;
    for (var k = 0; k < words.length; k++) {
      var s = wordScore(entry, words[k], kanas[k]);
      if (!s) { score = 0; break; }
      score += s;
    }
    if (!score) continue;
    score = score * entry.boost + 1 / (2 + entry.title.length);
    var group = groups[entry.page];
    if (!group) { group = groups[entry.page] = { page: entry.page, best: 0, hits: [] }; order.push(group); }
    group.hits.push({ index: i, score: score });
    if (score > group.best) group.best = score;
  }
  order.sort(function (a, b) { return b.best - a.best || a.page - b.page; });

  var mark = marker(words);
  /* `terms` are what the opened page highlights (Material's ?h=): the words as matched,
     a phrase whole (証憑を回収する) or its runs (証憑, 回収), never を or する alone */
  var matched = {};
  words.forEach(function (w) { matched[w] = true; });
  function item(index, score) {
    var entry = entries[index], doc = entry.doc;
    var out = {};
    for (var key in doc) if (key !== "reading") out[key] = doc[key];
    out.title = hasAny(entry.title, words) ? mark(doc.title) : doc.title;
    out.text = hasAny(entry.text, words) ? mark(doc.text) : doc.text;
    if (Array.isArray(doc.tags)) out.tags = doc.tags.slice();
    out.score = score;
    out.terms = matched;
    return out;
  }
  var items = order.map(function (group) {
    var own = null, sections = [];
    group.hits.forEach(function (hit) {
      if (hit.index === group.page) own = hit; else sections.push(hit);
    });
    sections.sort(function (a, b) { return b.score - a.score || a.index - b.index; });
    /* The page comes first with the group's best score: Material shows its summary as
       the snippet when it is the best match, and Enter opens the first result. */
    var head = item(group.page, group.best);
    if (!own) head.terms = {};
    return [head].concat(sections.map(function (hit) { return item(hit.index, hit.score); }));
  });

  var result = { items: items };
  if (suggestOn) result.suggest = suggestion(words, order);
  return result;
}

/** A completion of the last word from the best result's title, as Material shows it. */
function suggestion(words, order) {
  if (!order.length) return [];
  var last = words[words.length - 1];
  var title = entries[order[0].page].title.trim();
  return title.indexOf(last) === 0 && title.length > last.length && !/\s/.test(title) ? [title] : [];
}

/* ------------------------------------------------------------------ messages */

addEventListener("message", function (event) {
  var message = event.data || {};
  if (message.type === SETUP) {
    setup(message.data);
    postMessage({ type: READY });
  } else if (message.type === QUERY) {
    var data;
    try {
      data = search(message.data);
    } catch (error) {
      console.warn("tebiki search: " + error);
      data = { items: [] };
    }
    postMessage({ type: RESULT, data: data });
  }
});
