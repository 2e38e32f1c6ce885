// Builds GOV.UK Frontend and OnRecord's own styles into onrecord/static_build/ (served by
// Django staticfiles / WhiteNoise). No CDN: everything the pages load comes from this folder.
import { cpSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const govuk = join(root, "node_modules", "govuk-frontend", "dist", "govuk");
const out = join(root, "onrecord", "static_build");

rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, "css"), { recursive: true });
mkdirSync(join(out, "js"), { recursive: true });

const css = sass.compile(join(root, "onrecord", "web", "scss", "app.scss"), {
  loadPaths: [join(root, "node_modules")],
  style: "compressed",
  quietDeps: true,
  silenceDeprecations: ["import", "global-builtin"],
});
writeFileSync(join(out, "css", "app.css"), css.css);

cpSync(join(govuk, "assets"), join(out, "govuk", "assets"), { recursive: true });
cpSync(join(govuk, "govuk-frontend.min.js"), join(out, "js", "govuk-frontend.min.js"));
cpSync(join(root, "onrecord", "web", "js"), join(out, "js"), { recursive: true });
// htmx for meeting mode (its screen swapped in place), from the pinned npm package.
cpSync(join(root, "node_modules", "htmx.org", "dist", "htmx.min.js"), join(out, "js", "htmx.min.js"));
// tus-js-client for resumable uploads (a parent's own recording), from the pinned npm package.
// Its source map too: the script names it, and collectstatic's manifest storage refuses a
// missing file a script refers to (make run would stop there).
for (const name of ["tus.min.js", "tus.min.js.map"]) {
  cpSync(join(root, "node_modules", "tus-js-client", "dist", name), join(out, "js", name));
}
cpSync(join(root, "node_modules", "axe-core", "axe.min.js"), join(out, "test", "axe.min.js"));
console.log(`front-end built into ${out}`);
