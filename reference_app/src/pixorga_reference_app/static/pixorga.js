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
