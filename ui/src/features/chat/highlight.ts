// The languages code blocks in answers are highlighted in (a fenced block names one: ```python). A handful of
// common ones keeps the bundle small; a block in another language is shown plain.
import bash from "highlight.js/lib/languages/bash";
import c from "highlight.js/lib/languages/c";
import cpp from "highlight.js/lib/languages/cpp";
import csharp from "highlight.js/lib/languages/csharp";
import css from "highlight.js/lib/languages/css";
import diff from "highlight.js/lib/languages/diff";
import go from "highlight.js/lib/languages/go";
import java from "highlight.js/lib/languages/java";
import javascript from "highlight.js/lib/languages/javascript";
import json from "highlight.js/lib/languages/json";
import markdown from "highlight.js/lib/languages/markdown";
import python from "highlight.js/lib/languages/python";
import rust from "highlight.js/lib/languages/rust";
import shell from "highlight.js/lib/languages/shell";
import sql from "highlight.js/lib/languages/sql";
import typescript from "highlight.js/lib/languages/typescript";
import xml from "highlight.js/lib/languages/xml";
import yaml from "highlight.js/lib/languages/yaml";
import rehypeHighlight, { type Options } from "rehype-highlight";

export const HIGHLIGHT_LANGUAGES = { bash, c, cpp, csharp, css, diff, go, java, javascript, json, markdown, python, rust, shell, sql, typescript, xml, yaml };

const options: Options = { languages: HIGHLIGHT_LANGUAGES, aliases: { xml: ["html", "svg"], bash: ["zsh"] } };

/** The rehype plugin, configured: `[rehypeHighlight, options]` for react-markdown's rehypePlugins. */
export const highlightPlugin: [typeof rehypeHighlight, Options] = [rehypeHighlight, options];
