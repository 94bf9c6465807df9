import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import "./i18n";
import "./styles.css";
import { App } from "./App";
import { applyTheme, savedTheme } from "./lib/theme";

// Until the settings load, the choice applied last (public/theme-init.js painted it already).
applyTheme(savedTheme());
createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
