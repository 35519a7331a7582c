// Busy state for long submissions (file imports): disable the button and say what is happening.
document.addEventListener("submit", function (event) {
  var form = event.target;
  var message = form.getAttribute("data-busy");
  if (!message) { return; }
  var button = form.querySelector("button[type=submit]");
  if (button) { button.disabled = true; button.setAttribute("aria-disabled", "true"); }
  var status = form.querySelector(".busy");
  if (status) { status.textContent = message; }
  form.setAttribute("aria-busy", "true");
});

// « Copier le lien »: shown only when the browser can copy (the link stays selectable without).
document.querySelectorAll("button[data-copy]").forEach(function (button) {
  if (!navigator.clipboard) { return; }
  var target = document.getElementById(button.getAttribute("data-copy"));
  var status = button.parentNode.querySelector(".copy-status");
  if (!target) { return; }
  button.hidden = false;
  button.addEventListener("click", function () {
    navigator.clipboard.writeText(target.href || target.textContent).then(function () {
      if (status) { status.textContent = "Lien copié"; }
    }, function () {
      if (status) { status.textContent = "La copie a échoué : sélectionnez le lien pour le copier."; }
    });
  });
});

// The countdown of a timed challenge (the server enforces the time; this only shows it).
document.addEventListener("DOMContentLoaded", function () {
  var counter = document.querySelector("[data-countdown]");
  if (!counter) { return; }
  var left = parseInt(counter.getAttribute("data-countdown"), 10);
  var tick = function () {
    var seconds = left % 60;
    counter.textContent = Math.floor(left / 60) + " min " + (seconds < 10 ? "0" : "") + seconds + " s";
    if (left > 0) { left -= 1; window.setTimeout(tick, 1000); }
  };
  tick();
});
