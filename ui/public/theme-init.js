// Runs before the app's code loads (a plain script in index.html's head), so the first paint is already in the
// right theme: the choice the app saved last (lib/theme.ts keeps it under this key), else the system's.
(function () {
  var choice = null;
  try {
    choice = window.localStorage.getItem("switchyard.theme");
  } catch (e) {
    // storage may be unavailable; follow the system
  }
  if (choice !== "light" && choice !== "dark") {
    var dark = typeof window.matchMedia === "function" && window.matchMedia("(prefers-color-scheme: dark)").matches;
    choice = dark ? "dark" : "light";
  }
  document.documentElement.dataset.theme = choice;
})();
