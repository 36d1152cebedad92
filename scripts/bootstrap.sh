#!/usr/bin/env bash
# Install everything Place Matters needs into .venv, without downloading a Python.
#   - uv, through pip, if it is not already importable
#   - Python 3.12 (or 3.13) found on PATH or under pyenv; never downloaded
#   - the locked dependencies (uv.lock) into .venv
#   - a local .env with a fresh secret key, the first time
set -euo pipefail
cd "$(dirname "$0")/.."
export UV_PYTHON_DOWNLOADS=never

find_python() {
  for version in 3.12 3.13; do
    if command -v "python$version" >/dev/null 2>&1 && "python$version" -c 'import sys' >/dev/null 2>&1; then
      command -v "python$version"; return 0
    fi
    if command -v pyenv >/dev/null 2>&1; then
      local latest
      if latest=$(pyenv latest "$version" 2>/dev/null); then
        local candidate
        candidate="$(pyenv root)/versions/$latest/bin/python$version"
        if [ -x "$candidate" ]; then echo "$candidate"; return 0; fi
      fi
    fi
  done
  return 1
}

BOOTSTRAP_PY=$(command -v python3 || command -v python)
if ! "$BOOTSTRAP_PY" -m uv --version >/dev/null 2>&1; then
  echo "Installing uv with pip..."
  "$BOOTSTRAP_PY" -m pip install --quiet --disable-pip-version-check uv
fi
UV=("$BOOTSTRAP_PY" -m uv)

PY=$(find_python) || {
  echo "Place Matters needs Python 3.12 or 3.13, on PATH or under pyenv. None was found." >&2
  exit 1
}

"${UV[@]}" sync --locked --python "$PY" --quiet

if [ ! -f .env ]; then
  secret=$(.venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(50))')
  sed -e "s|^# DJANGO_SECRET_KEY=.*|DJANGO_SECRET_KEY=$secret|" \
      -e "s|^DJANGO_DEBUG=false|DJANGO_DEBUG=true|" .env.example > .env
  chmod 600 .env
  echo "Created .env for local use (DJANGO_DEBUG=true, a new secret key)."
fi
