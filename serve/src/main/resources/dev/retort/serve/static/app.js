// The page's one job: send the two methods to POST /v1/assertions and show the suggestions.
// A URL such as /#test=...&focal=...&n=2&run=1 fills the form and submits it (used by the headless-browser test).
"use strict";

const $ = (id) => document.getElementById(id);

function show(answer) {
  const body = $("results").querySelector("tbody");
  body.replaceChildren();
  answer.suggestions.forEach((s, i) => {
    const row = body.insertRow();
    row.className = "suggestion";
    row.insertCell().textContent = String(i + 1);
    const pre = document.createElement("pre");
    pre.textContent = s.assertion;
    row.insertCell().appendChild(pre);
    row.insertCell().textContent = s.log_prob.toFixed(3);
    row.insertCell().textContent = s.source;
  });
  $("results").hidden = false;
  $("status").className = "muted";
  $("status").textContent = answer.suggestions.length + " suggestion(s) in " + answer.ms + " ms (batch of " + answer.batch_size + ")";
}

async function suggest(event) {
  if (event) event.preventDefault();
  $("status").className = "muted";
  $("status").textContent = "asking the model...";
  try {
    const response = await fetch("v1/assertions", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ test_method_masked: $("test").value, focal_method: $("focal").value, n: Number($("n").value) }),
    });
    const answer = await response.json();
    if (!response.ok) throw new Error(answer.error || response.statusText);
    show(answer);
  } catch (e) {
    $("status").className = "error";
    $("status").textContent = "error: " + e.message;
  }
}

$("form").addEventListener("submit", suggest);

const params = new URLSearchParams(location.hash.slice(1));
if (params.has("test")) $("test").value = params.get("test");
if (params.has("focal")) $("focal").value = params.get("focal");
if (params.has("n")) $("n").value = params.get("n");
if (params.get("run") === "1") suggest();
