/* Front Door chat, shared by the resident page and the staff guided conversation.
   Settings come from data- attributes on #chat. Bot text is always added as text nodes, never as HTML. */
(function () {
  "use strict";

  var root = document.getElementById("chat");
  if (!root) { return; }
  var cfg = root.dataset;
  var transcript = document.getElementById("transcript");
  var form = document.getElementById("chat-form");
  var input = document.getElementById("message");
  var group = document.getElementById("message-group");
  var errorBox = document.getElementById("message-error");
  var typing = document.getElementById("typing");
  var sendButton = document.getElementById("send");
  var restartButton = document.getElementById("restart");
  var announcer = document.getElementById("announcer");
  var maxChars = parseInt(cfg.maxChars, 10) || 5000;
  var timeoutMs = parseInt(cfg.timeoutMs, 10) || 35000;
  var MAX_KEPT = 300;
  forgetOtherSessions();
  var entries = load();
  var busy = false;

  // ---- the transcript is kept in this browser tab only, so a reload keeps the conversation ----

  // Staff pages carry a per-session token: a transcript saved under another sign-in is not shown.
  function forgetOtherSessions() {
    try {
      var owner = cfg.csrf || "resident";
      if (window.sessionStorage.getItem(cfg.storageKey + ".owner") !== owner) {
        window.sessionStorage.removeItem(cfg.storageKey);
        window.sessionStorage.removeItem(cfg.storageKey + ".note");
        window.sessionStorage.setItem(cfg.storageKey + ".owner", owner);
      }
    } catch (error) { /* storage blocked: nothing was kept */ }
  }

  function load() {
    try {
      var saved = JSON.parse(window.sessionStorage.getItem(cfg.storageKey) || "[]");
      return Array.isArray(saved) ? saved.filter(function (e) { return e && typeof e.text === "string"; }) : [];
    } catch (error) {
      return [];
    }
  }

  function save() {
    try {
      window.sessionStorage.setItem(cfg.storageKey, JSON.stringify(entries.slice(-MAX_KEPT)));
    } catch (error) { /* storage full or blocked: the chat still works, it just won't survive a reload */ }
  }

  // ---- drawing messages ----
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = text; }
    return node;
  }

  // **bold**, web addresses and UK phone numbers become <strong> and links; everything else stays text.
  var INLINE = /\*\*([^*\n]+)\*\*|(https?:\/\/[^\s<>"]*[^\s<>".,;:!?)\]'])|(\b0\d{2,4}(?: ?\d){6,8}\b|\b(?:999|111)\b)/g;

  function renderInline(parent, line) {
    var last = 0;
    var match;
    INLINE.lastIndex = 0;
    while ((match = INLINE.exec(line)) !== null) {
      if (match.index > last) { parent.appendChild(document.createTextNode(line.slice(last, match.index))); }
      if (match[1] !== undefined) {
        parent.appendChild(el("strong", null, match[1]));
      } else if (match[2] !== undefined) {
        var link = el("a", "link", match[2]);
        link.href = match[2];
        link.rel = "noopener noreferrer";
        link.target = "_blank";
        link.appendChild(el("span", "visually-hidden", " (opens in a new tab)"));
        parent.appendChild(link);
      } else {
        var phone = el("a", "link", match[3]);
        phone.href = "tel:" + match[3].replace(/\s+/g, "");
        parent.appendChild(phone);
      }
      last = INLINE.lastIndex;
    }
    if (last < line.length) { parent.appendChild(document.createTextNode(line.slice(last))); }
  }

  // Blank lines separate paragraphs; lines starting "-", "*", "•" or "1." become list items.
  function renderText(container, text) {
    text.split(/\n\s*\n/).forEach(function (block) {
      var list = null;
      var paragraph = null;
      block.split("\n").forEach(function (line) {
        var item = /^\s*(?:([-*•])|(\d+)[.)])\s+(.*)$/.exec(line);
        if (item) {
          var kind = item[2] ? "ol" : "ul";
          if (!list || list.tagName.toLowerCase() !== kind) { list = el(kind); container.appendChild(list); }
          var li = el("li");
          renderInline(li, item[3]);
          list.appendChild(li);
          paragraph = null;
          return;
        }
        list = null;
        if (!line.trim()) { return; }
        if (paragraph) { paragraph.appendChild(el("br")); } else { paragraph = el("p"); container.appendChild(paragraph); }
        renderInline(paragraph, line);
      });
    });
  }

  function labelFor(who) {
    if (who === "you") { return cfg.youLabel; }
    if (who === "notice") { return "Important"; }
    return cfg.botLabel;
  }

  function draw(entry) {
    var item = el("li", "message message--" + entry.who);
    item.appendChild(el("p", "message__who", labelFor(entry.who)));
    var body = el("div", "message__body");
    renderText(body, entry.text);
    item.appendChild(body);
    if (entry.failed) { item.appendChild(el("p", "message__status", "Not sent")); }
    if (entry.buttons && entry.buttons.length) {
      var replies = el("div", "quick-replies");
      replies.setAttribute("role", "group");
      replies.setAttribute("aria-label", "Reply options");
      entry.buttons.forEach(function (button) {
        var choice = el("button", "button button--secondary quick-reply", button.title);
        choice.type = "button";
        choice.addEventListener("click", function () {
          send(button.title, button.payload);
          input.focus();
        });
        replies.appendChild(choice);
      });
      item.appendChild(replies);
    }
    transcript.appendChild(item);
    return item;
  }

  function add(entry) {
    entries.push(entry);
    save();
    var item = draw(entry);
    // Scroll only once the person has joined in: scrolling moves Chrome's Tab starting point, and
    // on arrival Tab must begin at the top (skip link, quick exit, 999), not at the greeting's buttons.
    if (entries.some(function (e) { return e.who === "you"; })) { item.scrollIntoView({ block: "nearest" }); }
    return item;
  }

  // Reply options are for the latest question only: once the person answers, they go.
  function removeQuickReplies() {
    var groups = transcript.querySelectorAll(".quick-replies");
    Array.prototype.forEach.call(groups, function (node) { node.parentNode.removeChild(node); });
    entries.forEach(function (entry) { delete entry.buttons; });
    save();
  }

  // Only new messages are read out; the history drawn on load is not.
  function announce(lines) {
    announcer.textContent = "";
    window.setTimeout(function () {
      lines.forEach(function (line) { announcer.appendChild(el("p", null, line)); });
    }, 150);
  }

  function showCaseNote(note) {
    document.dispatchEvent(new CustomEvent("frontdoor:case-note", { detail: note }));
  }

  // The latest case note is kept beside the transcript, so a reload shows it again.
  function keepCaseNote(note) {
    try {
      if (note) {
        window.sessionStorage.setItem(cfg.storageKey + ".note", JSON.stringify(note));
      } else {
        window.sessionStorage.removeItem(cfg.storageKey + ".note");
      }
    } catch (error) { /* storage blocked: the note is still on screen */ }
  }

  function keptCaseNote() {
    try {
      return JSON.parse(window.sessionStorage.getItem(cfg.storageKey + ".note") || "null");
    } catch (error) {
      return null;
    }
  }

  // ---- talking to the server ----
  function post(url, body) {
    var controller = window.AbortController ? new AbortController() : null;
    var timer = controller ? window.setTimeout(function () { controller.abort(); }, timeoutMs) : null;
    return window.fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": cfg.csrf || "" },
      body: JSON.stringify(body),
      signal: controller ? controller.signal : undefined
    }).then(function (response) {
      return response.json().then(function (data) {
        return { ok: response.ok, data: data || {} };
      }, function () {
        return { ok: false, data: {} };
      });
    }, function () {
      return { ok: false, data: {} };
    }).then(function (result) {
      if (timer) { window.clearTimeout(timer); }
      return result;
    });
  }

  function setBusy(flag) {
    busy = flag;
    typing.hidden = !flag;
    sendButton.setAttribute("aria-disabled", flag ? "true" : "false");
  }

  function showReplies(messages) {
    var spoken = [];
    messages.forEach(function (message) {
      if (message.case_note) {
        keepCaseNote(message.case_note);
        showCaseNote(message.case_note);
      }
      if (!message.text && !(message.buttons && message.buttons.length)) { return; }
      var entry = { who: "bot", text: message.text || "", buttons: message.buttons || [] };
      add(entry);
      var words = entry.text;
      if (entry.buttons.length) {
        words += " Reply options: " + entry.buttons.map(function (b) { return b.title; }).join(", ") + ".";
      }
      spoken.push(cfg.botLabel + ": " + words);
    });
    if (spoken.length) { announce(spoken); }
  }

  function notice(text) {
    add({ who: "notice", text: text || cfg.msgUnavailable });
    announce([text || cfg.msgUnavailable]);
  }

  function send(text, payload, whenFailed) {
    if (busy) { return false; }
    removeQuickReplies();
    var entry = { who: "you", text: text };
    var item = add(entry);
    setBusy(true);
    post(cfg.chatUrl, payload ? { message: text, payload: payload } : { message: text }).then(function (result) {
      setBusy(false);
      if (result.ok && Array.isArray(result.data.messages)) {
        showReplies(result.data.messages);
        if (!result.data.messages.length) { notice(result.data.no_reply || cfg.msgNoReply); }
        return;
      }
      entry.failed = true;
      save();
      item.appendChild(el("p", "message__status", "Not sent"));
      notice(result.data.message);
      if (whenFailed) { whenFailed(); }
    });
    return true;
  }

  // ---- the form ----
  function showError(text) {
    errorBox.textContent = text;
    errorBox.hidden = false;
    group.classList.add("form-group--error");
    input.setAttribute("aria-invalid", "true");
    input.setAttribute("aria-describedby", "message-hint message-error");
    input.focus();
  }

  function clearError() {
    errorBox.hidden = true;
    errorBox.textContent = "";
    group.classList.remove("form-group--error");
    input.removeAttribute("aria-invalid");
    input.setAttribute("aria-describedby", "message-hint");
  }

  function submitTyped(event) {
    event.preventDefault();
    if (busy) { return; }
    var text = input.value.trim();
    if (!text) { showError(cfg.msgEmpty); return; }
    if (text.length > maxChars) { showError(cfg.msgTooLong); return; }
    clearError();
    input.value = "";
    send(text, null, function () { if (!input.value) { input.value = text; } });
  }

  function start() {
    setBusy(true);
    post(cfg.startUrl, {}).then(function (result) {
      setBusy(false);
      if (result.ok && Array.isArray(result.data.messages)) { showReplies(result.data.messages); } else { notice(result.data.message); }
    });
  }

  function restart() {
    if (busy) { return; }
    setBusy(true);
    post(cfg.restartUrl, {}).then(function (result) {
      setBusy(false);
      if (!result.ok) { notice(result.data.message); return; }
      entries = [];
      save();
      keepCaseNote(null);
      transcript.textContent = "";
      clearError();
      document.dispatchEvent(new CustomEvent("frontdoor:reset"));
      announce(["Started a new conversation."]);
      input.focus();
      start();
    });
  }

  form.addEventListener("submit", submitTyped);
  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) { submitTyped(event); }
  });
  input.addEventListener("input", function () { if (!errorBox.hidden && input.value.trim()) { clearError(); } });
  restartButton.addEventListener("click", restart);
  // A printable page of the conversation, including any list of services (print stylesheet in site.css).
  document.getElementById("print").addEventListener("click", function () { window.print(); });

  entries.forEach(draw);
  var lastNote = keptCaseNote();
  if (lastNote) { showCaseNote(lastNote); }
  if (!entries.length) { start(); }
}());
