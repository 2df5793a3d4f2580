"use strict";
// Judging in the review page: verdicts, corrections and notes on facts, facts the run
// missed, articles checked whole. Everything is kept in localStorage under the page's
// identity (its run and sample), so closing the tab loses nothing and two pages never
// mix; "export judgments" downloads it as JSON Lines in the format of schemas/judgments.py.
(function () {
  const D = JSON.parse(document.getElementById("judge-data").textContent);
  const STORE = "rotation-facts:judgments:" + D.page;
  const REVIEWER = "rotation-facts:reviewer";
  const byKey = new Map(D.articles.map(a => [a.key, a]));
  const reviewer = document.getElementById("reviewer");
  const message = document.getElementById("message");
  const allFacts = document.getElementById("all-facts");
  const VERDICT_KEYS = { y: "correct", n: "wrong", u: "unsure" };
  const SIGN = { correct: "✓", wrong: "✗", unsure: "?" };
  let state = load();
  let cur = null; // {key, i}: the fact the keys act on

  // ---- storage -------------------------------------------------------------------------------
  function empty() { return { version: 1, run: D.run, page: D.page, reviewer: "", facts: {}, missed: {}, checked: {} }; }

  function load() {
    try {
      const saved = JSON.parse(localStorage.getItem(STORE) || "null");
      if (saved && saved.version === 1 && saved.page === D.page) return Object.assign(empty(), saved);
    } catch (e) { /* unreadable: start afresh, and say so below */ }
    return empty();
  }

  function save() {
    try {
      localStorage.setItem(STORE, JSON.stringify(state));
      return true;
    } catch (e) {
      say("could not save in this browser (" + e.name + "): export your judgments now", true);
      return false;
    }
  }

  function say(text, alarm) {
    message.textContent = text;
    message.classList.toggle("alarm", !!alarm);
  }

  // ---- facts and the order the keys step through them ------------------------------------------
  const fid = (key, i) => key + "\u0001" + i;
  const now = () => new Date().toISOString();
  const stepAll = () => !D.sampled_facts || allFacts.checked;

  function steps() {
    const types = window.reviewPage.types();
    const out = [];
    for (const key of window.reviewPage.visibleDocs()) {
      byKey.get(key).facts.forEach((f, i) => {
        if (types.has(f.type) && (stepAll() || f.sample.in_sample)) out.push([key, i]);
      });
    }
    return out;
  }

  function sectionOf(key) {
    const s = document.querySelector("section.article");
    return s && s.dataset.doc === key ? s : null;
  }

  function rowOf(key, i) {
    const s = sectionOf(key);
    return s ? s.querySelector('tr.fact[data-f="' + i + '"]') : null;
  }

  function setCurrent(key, i, scroll) {
    cur = { key: key, i: i };
    if (!sectionOf(key)) window.reviewPage.show(key); // shows it, and "review:shown" comes back here
    const s = sectionOf(key);
    if (!s) return;
    s.querySelectorAll(".current-fact").forEach(el => el.classList.remove("current-fact"));
    const row = rowOf(key, i);
    const hls = s.querySelectorAll('.hl[data-f="' + i + '"]');
    if (row) row.classList.add("current-fact");
    hls.forEach(h => h.classList.add("current-fact"));
    if (scroll !== false) {
      if (row) row.scrollIntoView({ block: "nearest" });
      if (hls[0]) hls[0].scrollIntoView({ block: "center" });
    }
  }

  function move(delta) {
    const list = steps();
    if (!list.length) return;
    let at = cur ? list.findIndex(([k, i]) => k === cur.key && i === cur.i) : -1;
    if (at < 0) {
      const next = cur ? list.findIndex(([k, i]) => k === cur.key && i > cur.i) : -1;
      at = next >= 0 ? next - (delta > 0 ? 1 : 0) : (delta > 0 ? -1 : list.length);
    }
    const [key, i] = list[Math.min(list.length - 1, Math.max(0, at + delta))];
    setCurrent(key, i);
  }

  function firstToJudge(key) {
    const list = steps().filter(([k]) => k === key);
    const open = list.find(([k, i]) => !(state.facts[fid(k, i)] || {}).verdict);
    return open || list[0] || null;
  }

  // ---- judging -------------------------------------------------------------------------------
  function needReviewer() {
    if (reviewer.value.trim()) return false;
    say("enter your name first: every judgment records who made it", true);
    reviewer.focus();
    return true;
  }

  function update(key, i, change) {
    const id = fid(key, i);
    const entry = Object.assign({ verdict: null, corrected: null, note: "" }, state.facts[id], change);
    entry.reviewer = reviewer.value.trim();
    entry.judged_at = now();
    if (!entry.verdict && !entry.note && !entry.corrected) delete state.facts[id]; else state.facts[id] = entry;
    save();
    render();
  }

  function setVerdict(verdict) {
    if (!cur || needReviewer()) return;
    update(cur.key, cur.i, { verdict: verdict });
    say("");
    move(1);
  }

  function clearVerdict() {
    if (!cur) return;
    if (state.checked[cur.key]) { say("the article is marked checked: unmark it (c) first", true); return; }
    update(cur.key, cur.i, { verdict: null });
  }

  // ---- field forms (corrections, missed facts) ------------------------------------------------
  function fieldInputs(type, values) {
    const box = document.createElement("div");
    box.className = "fields";
    for (const spec of D.fields[type]) {
      const label = document.createElement("label");
      label.title = spec.description;
      label.append(spec.name + " ");
      let input;
      if (spec.kind === "choice" || spec.kind === "bool") {
        input = document.createElement("select");
        const options = spec.kind === "bool" ? ["true", "false"] : spec.choices.slice();
        if (spec.nullable) options.unshift("");
        for (const o of options) {
          const opt = document.createElement("option");
          opt.value = o;
          opt.textContent = o === "" ? "(none)" : o;
          input.append(opt);
        }
        const v = values[spec.name];
        input.value = v === null || v === undefined ? (spec.kind === "bool" && !spec.nullable ? "false" : "") : String(v);
      } else {
        input = document.createElement("input");
        input.type = spec.kind === "int" ? "number" : "text";
        if (spec.kind === "int" && spec.minimum !== null) input.min = String(spec.minimum);
        if (spec.kind === "date") input.placeholder = "YYYY-MM-DD";
        const v = values[spec.name];
        input.value = v === null || v === undefined ? "" : String(v);
      }
      input.name = spec.name;
      label.append(input);
      box.append(label);
    }
    return box;
  }

  // The typed values of a form's inputs, or {error}: the same rules as schemas/judgments.py.
  function readInputs(form, type) {
    const values = {};
    for (const spec of D.fields[type]) {
      const raw = form.elements[spec.name].value.trim();
      let v;
      if (raw === "") {
        if (!spec.nullable) return { error: spec.name + " cannot be empty" };
        v = null;
      } else if (spec.kind === "int") {
        if (!/^\d+$/.test(raw)) return { error: spec.name + " must be a whole number" };
        v = Number(raw);
      } else if (spec.kind === "bool") {
        v = raw === "true";
      } else if (spec.kind === "date") {
        if (!/^\d{4}-\d{2}-\d{2}$/.test(raw) || isNaN(Date.parse(raw + "T00:00:00Z"))) return { error: spec.name + " must be a date YYYY-MM-DD" };
        v = raw;
      } else {
        v = raw;
      }
      values[spec.name] = v;
    }
    return { values: values };
  }

  function formKeys(form, onSave, onCancel) {
    form.addEventListener("submit", ev => { ev.preventDefault(); onSave(); });
    form.addEventListener("keydown", ev => {
      if (ev.key === "Escape") { ev.preventDefault(); ev.stopPropagation(); onCancel(); }
      else if (ev.key === "Enter" && ev.target.tagName !== "BUTTON") { ev.preventDefault(); ev.stopPropagation(); onSave(); }
    });
  }

  function openEditor() {
    if (!cur || needReviewer()) return;
    const row = rowOf(cur.key, cur.i);
    if (!row) return;
    const fact = byKey.get(cur.key).facts[cur.i];
    const judged = state.facts[fid(cur.key, cur.i)] || {};
    const form = document.createElement("form");
    form.className = "editor";
    form.append(fieldInputs(fact.type, Object.assign({}, fact.fields, judged.corrected || {})));
    form.insertAdjacentHTML("beforeend", '<button type="submit">save (Enter)</button> <button type="button" class="cancel">cancel (Esc)</button>');
    const { key, i } = cur;
    const close = () => { render(); setCurrent(key, i, false); };
    const saveIt = () => {
      const read = readInputs(form, fact.type);
      if (read.error) { say(read.error, true); return; }
      const corrected = {};
      for (const spec of D.fields[fact.type]) {
        const v = read.values[spec.name];
        if (v !== (fact.fields[spec.name] === undefined ? null : fact.fields[spec.name])) corrected[spec.name] = v;
      }
      const change = { corrected: Object.keys(corrected).length ? corrected : null };
      if (!(state.facts[fid(key, i)] || {}).verdict) change.verdict = "correct"; // a fact with a wrong field is there
      update(key, i, change);
      say(change.corrected ? "corrected " + Object.keys(corrected).join(", ") : "no field differs from the run's");
      close();
    };
    formKeys(form, saveIt, close);
    form.querySelector(".cancel").addEventListener("click", close);
    const cell = row.querySelector("td.judge");
    cell.append(form);
    form.elements[0].focus();
  }

  function openNote() {
    if (!cur || needReviewer()) return;
    const row = rowOf(cur.key, cur.i);
    if (!row) return;
    const { key, i } = cur;
    const form = document.createElement("form");
    form.className = "note-form";
    const input = document.createElement("input");
    input.type = "text";
    input.name = "note";
    input.placeholder = "note (Enter to save, Esc to cancel)";
    input.value = (state.facts[fid(key, i)] || {}).note || "";
    form.append(input);
    const close = () => { render(); setCurrent(key, i, false); };
    formKeys(form, () => { update(key, i, { note: input.value.trim() }); close(); }, close);
    row.querySelector("td.judge").append(form);
    input.focus();
  }

  // ---- facts the run missed, articles checked whole --------------------------------------------
  const cpLength = s => Array.from(s).length;

  function selectionSpan(section) {
    const sel = window.getSelection();
    const textDiv = section.querySelector(".text");
    if (!sel.rangeCount || sel.isCollapsed || !textDiv) return { error: "select the missed fact's words in the article text first" };
    const r = sel.getRangeAt(0);
    if (!textDiv.contains(r.startContainer) || !textDiv.contains(r.endContainer)) return { error: "the selection must lie in the article text" };
    if (cpLength(textDiv.textContent) !== Number(textDiv.dataset.len)) return { error: "this article's text in the page differs from the text as read: add the fact by hand in the exported file" };
    const before = document.createRange();
    before.selectNodeContents(textDiv);
    before.setEnd(r.startContainer, r.startOffset);
    const raw = r.toString();
    const text = raw.trim();
    if (!text) return { error: "the selection holds only white space" };
    const start = cpLength(before.toString()) + cpLength(raw.slice(0, raw.length - raw.trimStart().length));
    return { span: [start, start + cpLength(text)], text: text };
  }

  function guess(type, text) {
    const digits = (text.match(/\d+/) || [""])[0];
    if (type === "count") return { value: digits ? Number(digits) : null };
    if (type === "official") return { name: text, rotated: false };
    return { number: digits || null };
  }

  function openMissed() {
    if (!cur && !document.body.dataset.doc) return;
    if (needReviewer()) return;
    const key = document.body.dataset.doc;
    const section = sectionOf(key);
    if (!section) return;
    const picked = selectionSpan(section);
    if (picked.error) { say(picked.error, true); return; }
    if (state.checked[key]) { say("the article is marked checked: unmark it (c) to add a fact", true); return; }
    const box = section.querySelector(".article-judging");
    box.querySelectorAll("form.missed-form").forEach(f => f.remove());
    const form = document.createElement("form");
    form.className = "missed-form";
    form.innerHTML = '<p>missed fact <q></q> at <span class="span"></span></p><label>type <select name="fact_type"></select></label><div class="slot"></div>' +
      '<label>note <input type="text" name="note"></label> <button type="submit">add (Enter)</button> <button type="button" class="cancel">cancel (Esc)</button>';
    form.querySelector("q").textContent = picked.text;
    form.querySelector(".span").textContent = picked.span[0] + "–" + picked.span[1];
    const typeSelect = form.elements.fact_type;
    for (const t of Object.keys(D.fields)) typeSelect.append(new Option(t, t));
    const current = cur && cur.key === key ? byKey.get(key).facts[cur.i] : null;
    typeSelect.value = current ? current.type : Object.keys(D.fields)[0];
    const fill = () => form.querySelector(".slot").replaceChildren(fieldInputs(typeSelect.value, guess(typeSelect.value, picked.text)));
    typeSelect.addEventListener("change", fill);
    fill();
    const close = () => { form.remove(); };
    const addIt = () => {
      const type = typeSelect.value;
      const read = readInputs(form, type);
      if (read.error) { say(read.error, true); return; }
      const lacking = { citation: ["kind", "number"], count: ["value"], official: ["name"] }[type].filter(f => read.values[f] === null || read.values[f] === "");
      if (lacking.length) { say("a missed " + type + " needs " + lacking.join(", "), true); return; }
      (state.missed[key] = state.missed[key] || []).push({
        fact_type: type, span: picked.span, text: picked.text, fields: read.values,
        note: form.elements.note.value.trim(), reviewer: reviewer.value.trim(), judged_at: now() });
      save();
      close();
      render();
      say("added a missed " + type);
    };
    formKeys(form, addIt, close);
    form.querySelector(".cancel").addEventListener("click", close);
    box.append(form);
    typeSelect.focus();
  }

  function removeMissed(key, n) {
    if (state.checked[key]) { say("the article is marked checked: unmark it (c) first", true); return; }
    state.missed[key].splice(n, 1);
    if (!state.missed[key].length) delete state.missed[key];
    save();
    render();
  }

  function toggleChecked() {
    const key = document.body.dataset.doc;
    if (!key || needReviewer()) return;
    if (state.checked[key]) {
      delete state.checked[key];
    } else {
      const left = byKey.get(key).facts.filter((f, i) => !(state.facts[fid(key, i)] || {}).verdict).length;
      if (left) { say("judge every fact of this article first (" + left + " left; tick 'step through facts not drawn too')", true); return; }
      state.checked[key] = { reviewer: reviewer.value.trim(), judged_at: now() };
    }
    save();
    render();
  }

  // ---- drawing ---------------------------------------------------------------------------------
  function renderRow(key, row) {
    const i = Number(row.dataset.f);
    const fact = byKey.get(key).facts[i];
    const j = state.facts[fid(key, i)] || {};
    row.classList.remove("v-correct", "v-wrong", "v-unsure");
    if (j.verdict) row.classList.add("v-" + j.verdict);
    const cell = row.querySelector("td.judge");
    cell.replaceChildren();
    const buttons = document.createElement("div");
    buttons.className = "verdicts";
    for (const [k, v] of Object.entries(VERDICT_KEYS)) {
      const b = document.createElement("button");
      b.type = "button";
      b.dataset.verdict = v;
      b.title = v + " (" + k + ")";
      b.textContent = SIGN[v];
      b.setAttribute("aria-pressed", j.verdict === v ? "true" : "false");
      buttons.append(b);
    }
    buttons.insertAdjacentHTML("beforeend", '<button type="button" data-act="edit" title="correct its fields (e)">edit</button><button type="button" data-act="note" title="note (/)">note</button>');
    cell.append(buttons);
    if (j.corrected) {
      const list = document.createElement("ul");
      list.className = "corrections";
      for (const [name, value] of Object.entries(j.corrected)) {
        const li = document.createElement("li");
        li.textContent = name + ": " + JSON.stringify(fact.fields[name] === undefined ? null : fact.fields[name]) + " → " + JSON.stringify(value);
        list.append(li);
      }
      cell.append(list);
    }
    if (j.note) {
      const p = document.createElement("p");
      p.className = "note-text";
      p.textContent = j.note;
      cell.append(p);
    }
  }

  function renderArticle(section) {
    const key = section.dataset.doc;
    const article = byKey.get(key);
    section.querySelectorAll("tr.fact").forEach(row => renderRow(key, row));
    const box = section.querySelector(".article-judging");
    const forms = Array.from(box.querySelectorAll("form.missed-form"));
    box.replaceChildren();
    const judged = article.facts.filter((f, i) => (state.facts[fid(key, i)] || {}).verdict).length;
    const bar = document.createElement("p");
    bar.className = "article-bar";
    const checked = state.checked[key];
    bar.innerHTML = '<button type="button" data-act="check" aria-pressed="' + (checked ? "true" : "false") + '" title="every fact judged and every missed fact added (c)"></button> ' +
      '<button type="button" data-act="missed" title="select the words in the text, then a">add missed fact from selection (a)</button> <span class="judged"></span>';
    bar.querySelector('[data-act="check"]').textContent = checked ? "✔ checked whole by " + checked.reviewer : "mark checked whole (c)";
    bar.querySelector(".judged").textContent = judged + " of " + article.facts.length + " facts judged";
    box.append(bar);
    const missed = state.missed[key] || [];
    if (missed.length) {
      const list = document.createElement("ul");
      list.className = "missed";
      missed.forEach((m, n) => {
        const li = document.createElement("li");
        li.textContent = "missed " + m.fact_type + " [" + m.span[0] + ", " + m.span[1] + ") “" + m.text + "” " + JSON.stringify(m.fields) + (m.note ? " — " + m.note : "") + " ";
        const del = document.createElement("button");
        del.type = "button";
        del.dataset.act = "unmiss";
        del.dataset.n = String(n);
        del.textContent = "remove";
        li.append(del);
        list.append(li);
      });
      box.append(list);
    }
    forms.forEach(f => box.append(f));
    paintMissed(section, missed);
  }

  // Missed facts are marked in the text with the CSS Custom Highlight API (no change to the DOM).
  function paintMissed(section, missed) {
    if (!(window.CSS && CSS.highlights && window.Highlight)) return;
    const textDiv = section.querySelector(".text");
    const ranges = [];
    if (textDiv && cpLength(textDiv.textContent) === Number(textDiv.dataset.len)) {
      for (const m of missed) {
        const r = rangeAt(textDiv, m.span[0], m.span[1]);
        if (r) ranges.push(r);
      }
    }
    CSS.highlights.set("missed", new Highlight(...ranges));
  }

  function rangeAt(root, start, end) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    const range = document.createRange();
    let at = 0, node, begun = false;
    while ((node = walker.nextNode())) {
      const chars = Array.from(node.data);
      const n = chars.length;
      if (!begun && start < at + n) { range.setStart(node, chars.slice(0, start - at).join("").length); begun = true; }
      if (begun && end <= at + n) { range.setEnd(node, chars.slice(0, end - at).join("").length); return range; }
      at += n;
    }
    return null;
  }

  function progress() {
    let drawn = 0, drawnJudged = 0, others = 0, total = 0, judged = 0;
    const tally = { correct: 0, wrong: 0, unsure: 0 };
    for (const a of D.articles) {
      a.facts.forEach((f, i) => {
        const j = state.facts[fid(a.key, i)] || {};
        const inSample = !D.sampled_facts || f.sample.in_sample;
        total++;
        if (inSample) drawn++;
        if (!j.verdict) return;
        judged++;
        if (inSample) { drawnJudged++; tally[j.verdict]++; } else others++;
      });
    }
    const missed = Object.values(state.missed).reduce((n, l) => n + l.length, 0);
    const checked = Object.keys(state.checked).length;
    const head = D.sampled_facts ? "drawn facts judged " + drawnJudged + " / " + drawn : "facts judged " + judged + " / " + total;
    document.getElementById("progress").textContent = head + " (✓" + tally.correct + " ✗" + tally.wrong + " ?" + tally.unsure + ")" +
      (D.sampled_facts ? " · others " + others : "") + " · missed " + missed + " · articles checked " + checked + " / " + D.articles.length;
    document.querySelectorAll("#article-list li").forEach(li => {
      const a = byKey.get(li.dataset.doc);
      const done = a && a.facts.every((f, i) => !(stepAll() || f.sample.in_sample) || (state.facts[fid(a.key, i)] || {}).verdict);
      li.classList.toggle("judged", !!done && a.facts.length > 0);
      li.classList.toggle("checked", !!state.checked[li.dataset.doc]);
    });
  }

  function render() {
    const s = document.querySelector("section.article");
    if (s && byKey.has(s.dataset.doc)) renderArticle(s);
    progress();
    if (cur && s && s.dataset.doc === cur.key) setCurrent(cur.key, cur.i, false);
  }

  // ---- export ----------------------------------------------------------------------------------
  // JSON as Python's json.dumps(..., ensure_ascii=False) writes it: ", " and ": " separators.
  function dumps(v) {
    if (Array.isArray(v)) return "[" + v.map(dumps).join(", ") + "]";
    if (v && typeof v === "object") return "{" + Object.keys(v).map(k => JSON.stringify(k) + ": " + dumps(v[k])).join(", ") + "}";
    return JSON.stringify(v === undefined ? null : v);
  }

  function ordered(kind, values) {
    const out = {};
    for (const k of D.order[kind]) out[k] = values[k] === undefined ? null : values[k];
    return out;
  }

  function inFieldOrder(type, values) {
    const out = {};
    for (const spec of D.fields[type]) if (spec.name in values) out[spec.name] = values[spec.name];
    return out;
  }

  function exportLines() {
    const lines = [];
    for (const a of D.articles) {
      a.facts.forEach((f, i) => {
        const j = state.facts[fid(a.key, i)];
        if (!j || !j.verdict) return;
        lines.push(dumps(ordered("judgment", {
          type: "judgment", doc_id: a.doc_id, fact_type: f.type, span: f.span, text: f.text, fields: f.fields,
          verdict: j.verdict, corrected: j.corrected ? inFieldOrder(f.type, j.corrected) : null, note: j.note || "",
          reviewer: j.reviewer, judged_at: j.judged_at, run: D.run, sample: f.sample ? ordered("sample", f.sample) : null })));
      });
      const missed = (state.missed[a.key] || []).slice().sort((x, y) => x.span[0] - y.span[0] || x.span[1] - y.span[1]);
      for (const m of missed) {
        lines.push(dumps(ordered("missed", {
          type: "missed", doc_id: a.doc_id, fact_type: m.fact_type, span: m.span, text: m.text,
          fields: inFieldOrder(m.fact_type, m.fields), note: m.note || "", reviewer: m.reviewer, judged_at: m.judged_at, run: D.run })));
      }
      const c = state.checked[a.key];
      if (c) {
        lines.push(dumps(ordered("checked_article", {
          type: "checked_article", doc_id: a.doc_id, n_facts: a.facts.length, reviewer: c.reviewer, judged_at: c.judged_at, run: D.run })));
      }
    }
    return lines;
  }

  function download() {
    const lines = exportLines();
    if (!lines.length) { say("nothing judged yet", true); return; }
    const blob = new Blob([lines.join("\n") + "\n"], { type: "application/x-ndjson" });
    const a = document.createElement("a");
    const who = (reviewer.value.trim() || "reviewer").replace(/[^\p{L}\p{N}_-]+/gu, "_");
    a.href = URL.createObjectURL(blob);
    a.download = "judgments-" + D.run + "-" + who + ".jsonl";
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 10000);
    say("exported " + lines.length + " lines");
  }

  // ---- import: an exported file of this run back into the page (another browser, a colleague's) ----
  function importLines(text) {
    const where = new Map();
    for (const a of D.articles) a.facts.forEach((f, i) => where.set([a.doc_id, f.type, f.span[0], f.span[1]].join("\u0001"), [a.key, i]));
    const keyOf = new Map(D.articles.map(a => [a.doc_id, a.key]));
    let taken = 0, skipped = 0;
    const lines = text.split(/\r?\n/);
    for (let n = 0; n < lines.length; n++) {
      if (!lines[n].trim()) continue;
      let line;
      try { line = JSON.parse(lines[n]); } catch (e) { say("line " + (n + 1) + " is not JSON: nothing imported", true); return; }
      if (line.run !== D.run) { say("line " + (n + 1) + " is of run " + line.run + ", this page of run " + D.run + ": nothing imported", true); return; }
      const stamp = { reviewer: line.reviewer, judged_at: line.judged_at };
      if (line.type === "judgment") {
        const at = where.get([line.doc_id, line.fact_type, line.span[0], line.span[1]].join("\u0001"));
        if (!at) { skipped++; continue; }
        state.facts[fid(at[0], at[1])] = Object.assign({ verdict: line.verdict, corrected: line.corrected, note: line.note || "" }, stamp);
      } else if (line.type === "missed" && keyOf.has(line.doc_id)) {
        const key = keyOf.get(line.doc_id);
        const list = (state.missed[key] = (state.missed[key] || []).filter(m => m.span[0] !== line.span[0] || m.span[1] !== line.span[1] || m.fact_type !== line.fact_type));
        list.push(Object.assign({ fact_type: line.fact_type, span: line.span, text: line.text, fields: line.fields, note: line.note || "" }, stamp));
      } else if (line.type === "checked_article" && keyOf.has(line.doc_id)) {
        state.checked[keyOf.get(line.doc_id)] = stamp;
      } else { skipped++; continue; }
      taken++;
    }
    save();
    render();
    say("imported " + taken + " lines" + (skipped ? "; " + skipped + " of facts or articles not in this page left out" : ""));
  }

  // ---- wiring --------------------------------------------------------------------------------
  reviewer.value = state.reviewer || localStorage.getItem(REVIEWER) || "";
  reviewer.addEventListener("change", () => {
    state.reviewer = reviewer.value.trim();
    try { localStorage.setItem(REVIEWER, state.reviewer); } catch (e) { /* the page's own store says so */ }
    save();
  });
  reviewer.addEventListener("keydown", ev => { if (ev.key === "Enter" || ev.key === "Escape") { reviewer.dispatchEvent(new Event("change")); reviewer.blur(); } });
  if (D.sampled_facts) document.getElementById("all-facts-label").hidden = false;
  allFacts.addEventListener("change", render);
  document.getElementById("export").addEventListener("click", download);
  document.getElementById("import").addEventListener("change", ev => {
    const file = ev.target.files[0];
    if (file) file.text().then(importLines);
    ev.target.value = "";
  });
  const keysPanel = document.getElementById("keys");
  const toggleKeys = () => {
    keysPanel.hidden = !keysPanel.hidden;
    document.getElementById("keys-button").setAttribute("aria-expanded", String(!keysPanel.hidden));
  };
  document.getElementById("keys-button").addEventListener("click", toggleKeys);

  document.addEventListener("review:shown", ev => {
    const key = ev.detail.section.dataset.doc;
    renderArticle(ev.detail.section);
    progress();
    if (!cur || cur.key !== key) {
      const first = firstToJudge(key);
      if (first) setCurrent(first[0], first[1], false); else cur = null;
    } else {
      setCurrent(cur.key, cur.i, false);
    }
  });

  document.getElementById("view").addEventListener("click", ev => {
    const section = ev.target.closest("section.article");
    if (!section) return;
    const key = section.dataset.doc;
    const button = ev.target.closest("button");
    const row = ev.target.closest("tr.fact");
    const hl = ev.target.closest(".hl:not(.off)");
    if (row) setCurrent(key, Number(row.dataset.f), false);
    else if (hl) setCurrent(key, Number(hl.dataset.f), false);
    if (!button) return;
    if (button.dataset.verdict) { setVerdict(button.dataset.verdict); return; }
    const act = button.dataset.act;
    if (act === "edit") openEditor();
    else if (act === "note") openNote();
    else if (act === "check") toggleChecked();
    else if (act === "missed") openMissed();
    else if (act === "unmiss") removeMissed(key, Number(button.dataset.n));
  });
  // Keep the selection: a click on "add missed fact" would otherwise clear it first.
  document.getElementById("view").addEventListener("mousedown", ev => {
    if (ev.target.closest('button[data-act="missed"]')) ev.preventDefault();
  });

  document.addEventListener("keydown", ev => {
    if (ev.target.closest && ev.target.closest("input, textarea, select, [contenteditable]")) return;
    if (ev.altKey || ev.ctrlKey || ev.metaKey) return;
    const k = ev.key;
    let done = true;
    if (k === "j" || k === "ArrowDown") move(1);
    else if (k === "k" || k === "ArrowUp") move(-1);
    else if (VERDICT_KEYS[k]) setVerdict(VERDICT_KEYS[k]);
    else if (k === "x") clearVerdict();
    else if (k === "e") openEditor();
    else if (k === "/") openNote();
    else if (k === "a") openMissed();
    else if (k === "c") toggleChecked();
    else if (k === "?") toggleKeys();
    else done = false;
    if (done) ev.preventDefault();
  });

  window.addEventListener("storage", ev => {
    if (ev.key === STORE) { state = load(); render(); }
  });

  const shown = document.querySelector("section.article");
  if (shown) document.dispatchEvent(new CustomEvent("review:shown", { detail: { section: shown } }));
  else progress();
})();
