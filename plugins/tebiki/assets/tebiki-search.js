/* tebiki: what is typed into the search box is read in Unicode NFKC, like the index
   (search_index.py): ＰＣ and ｐｃ find PC, ｱｶｳﾝﾄ finds アカウント. Offline, no library.
   Ranking (titles first) is the search worker's own (tebiki-search-worker.js).
   Runs in the capture phase, before the theme's own listeners read the box; never
   while an IME is composing (that would break the conversion). */
(function () {
  "use strict";
  function normalise(box) {
    if (typeof box.value !== "string" || !box.value.normalize) return;
    var value = box.value, wanted = value.normalize("NFKC");
    if (wanted === value) return;
    var caret = box.selectionStart === null ? value.length : box.selectionStart;
    box.value = wanted;
    var at = value.slice(0, caret).normalize("NFKC").length;
    try { box.setSelectionRange(at, at); } catch (e) { /* not a text box */ }
  }
  function isSearchBox(el) {
    return el && el.tagName === "INPUT" && (el.type === "search" || el.type === "text") &&
      (el.hasAttribute("data-md-component") || el.name === "query" || el.id === "mkdocs-search-query");
  }
  function onEvent(event) {
    if (event.isComposing || !isSearchBox(event.target)) return;
    normalise(event.target);
  }
  ["input", "keyup", "keydown", "focus", "compositionend"].forEach(function (type) {
    document.addEventListener(type, onEvent, true);
  });
})();
