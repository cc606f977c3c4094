#!/usr/bin/env bash
# One entry point for every task, each doing its own set-up on a fresh Debian
# machine with Python 3.11: the virtual environment, the Python packages and the
# npm packages of the map and the Debian packages (Chromium for browser tests)
# are installed when missing.
#
#   bash tasks.sh test     lint, type-check, check the import contract and run the whole test suite
#   bash tasks.sh site     validate the registry and build the site into site/
#   bash tasks.sh serve    serve the site at http://127.0.0.1:8000 with live reload (arguments go to mkdocs serve)
#   bash tasks.sh bench    benchmark validation and builds at 1,000 and 10,000 clusters
#   bash tasks.sh lock     re-lock the Python dependencies, with hashes, in requirements.txt
#   bash tasks.sh validate validate the registry (also: new, add-label, changes, check-addresses, due;
#                          see python -m generator --help)
set -euo pipefail
cd "$(dirname "$0")"

VENV=${VENV:-.venv}
PY="$VENV/bin/python"
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}

find_python() {
  for candidate in python3.11 python3; do
    if command -v "$candidate" >/dev/null 2>&1 &&
      "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
      command -v "$candidate"
      return
    fi
  done
  echo "Python 3.11 or newer is needed (apt-get install python3)" >&2
  exit 1
}

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

apt_install() {
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

python_env() {
  local python stamp="$VENV/.installed"
  if [ ! -x "$PY" ]; then
    python=$(find_python)
    if ! "$python" -c 'import ensurepip, venv' >/dev/null 2>&1; then
      apt_install python3-venv
    fi
    "$python" -m venv "$VENV"
  fi
  if [ ! -f "$stamp" ] || [ requirements.txt -nt "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
    # Every package, build tools included, at the version and hash locked in
    # requirements.txt (bash tasks.sh lock): two machines build the same site.
    "$PY" -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.txt
    "$PY" -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
    touch "$stamp"
  fi
}

node_packages() {
  # The map's libraries (Leaflet and its marker clusters) come from npm, pinned by package-lock.json.
  if ! command -v npm >/dev/null 2>&1; then
    apt_install nodejs npm
  fi
  if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
  fi
}

browser() {
  if [ ! -x "$CHROMIUM" ]; then
    apt_install chromium fonts-dejavu-core
  fi
}

java_runtime() {
  # Java runs the Nu Html Checker in the quality tests.
  if ! command -v java >/dev/null 2>&1; then
    apt_install default-jre-headless
  fi
}

case "${1:-}" in
  test)
    python_env
    node_packages
    browser
    java_runtime
    shift
    "$PY" -m ruff check .
    "$PY" -m ruff format --check .
    "$PY" -m mypy
    # The layout's import contract (pyproject.toml, [tool.importlinter]): stages import only the stages
    # below them, only the engine adapter imports MkDocs, and no module imports another that imports it back.
    "$VENV/bin/lint-imports" --no-cache
    "$PY" -m pytest "$@"
    ;;
  site)
    python_env
    node_packages
    if [ -n "${REQUIRE_SITE_URL:-}" ]; then
      case "${SITE_URL:-}" in
        https://*/) ;;
        *)
          echo "the site's address is unknown or not https (SITE_URL='${SITE_URL:-}'):" \
            "a published build needs it for absolute permanent links" >&2
          exit 1
          ;;
      esac
    fi
    # Build beside the last good site and swap only on success, so that a
    # failed build leaves it untouched.
    staging=$(mktemp -d .site-build.XXXXXX)
    trap 'rm -rf "$staging"' EXIT
    NO_MKDOCS_2_WARNING=1 "$PY" -m mkdocs build --strict --site-dir "$staging"
    rm -rf .site-old
    if [ -d site ]; then mv site .site-old; fi
    mv "$staging" site
    rm -rf .site-old
    echo "built site/"
    ;;
  serve)
    python_env
    node_packages
    shift
    # --dirty: an edit re-renders only the pages it changed (the registry plugin rewrites only those);
    # extra arguments go to mkdocs serve, for example -a 127.0.0.1:8001 or --clean.
    NO_MKDOCS_2_WARNING=1 "$PY" -m mkdocs serve --dirty "$@"
    ;;
  bench)
    python_env
    node_packages
    browser  # search is measured in headless Chromium
    shift
    "$PY" benchmarks/run.py "$@"
    ;;
  lock)
    # Re-resolves the dependencies of pyproject.toml (and the build's setuptools)
    # and writes them, with hashes, to requirements.txt. Review the diff.
    python_env
    "$PY" -m pip install --quiet --disable-pip-version-check pip-tools
    "$PY" -m piptools compile --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url \
      --no-emit-find-links --no-emit-trusted-host --extra dev --output-file requirements.txt \
      pyproject.toml requirements-build.in
    ;;
  review-issue)
    # Keeps one open issue, "Records to re-check", whose body is the given review
    # queue (GitHub CLI; the weekly workflow gives it a token for issues only).
    report=${2:?usage: bash tasks.sh review-issue REPORT.md}
    title="Records to re-check"
    number=$(gh issue list --state open --search "in:title \"$title\"" --json number,title \
      --jq ".[] | select(.title == \"$title\") | .number" | head -n 1)
    if [ -n "$number" ]; then
      gh issue edit "$number" --body-file "$report"
    else
      gh issue create --title "$title" --body-file "$report"
    fi
    ;;
  from-issue)
    # Turns the issue form "Add or renew a label" into a pull request once a maintainer
    # labels the issue `make-record` (.github/workflows/from-issue.yml), or comments on the
    # issue with what is wrong. The issue's text is data: it goes from the environment into
    # a file that the generator reads; nothing of it is run or put into a command line.
    number=${ISSUE_NUMBER:-}
    case "$number" in '' | *[!0-9]*) echo "ISSUE_NUMBER must be the issue's number" >&2; exit 2 ;; esac
    python_env
    work=$(mktemp -d)
    printf '%s' "${ISSUE_BODY:-}" > "$work/body.md"
    branch="record-from-issue-$number"
    if "$PY" -m generator from-issue "$work/body.md" --report "$work/report.md"; then
      git switch --create "$branch"
      git add registry/clusters
      git -c user.name="github-actions[bot]" -c user.email="41898282+github-actions[bot]@users.noreply.github.com" \
        commit --quiet --message "Record the label of issue #$number, from its form"
      git -c http.extraheader="AUTHORIZATION: basic $(printf 'x-access-token:%s' "$GH_TOKEN" | base64 -w0)" \
        push --force --quiet origin "$branch"
      printf '\nFrom the form of #%s. A maintainer compares the record with its document before merging.\n' \
        "$number" >> "$work/report.md"
      printf 'GitHub runs no checks on a pull request that a workflow opened: close and reopen it to run them.\n' \
        >> "$work/report.md"
      if ! gh pr view "$branch" >/dev/null 2>&1; then
        gh pr create --head "$branch" --title "Record the label of issue #$number" --body-file "$work/report.md"
      fi
      gh issue comment "$number" --body "The answers validate; the record change is in the pull request from branch \`$branch\`."
    else
      gh issue comment "$number" --body-file "$work/report.md"
      exit 1
    fi
    ;;
  validate | new | add-label | changes | check-addresses | due)
    python_env
    "$PY" -m generator "$@"
    ;;
  *)
    sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
    ;;
esac
