# One entry point for people and CI. Every target installs what it needs first.
#   make serve   – set up and preview the site at http://127.0.0.1:8000/
#   make build   – set up and build the site into site/ (strict)
#   make test    – set up (Python, Node, Chromium) and run all tests
#   make release-check – before going live: placeholders, example data, untagged PDFs (exit 1)
#   make check   – validate data files only (no build); BASE=<git ref>: also the version check
#   make changes – BASE=<git ref>: what the working tree changes on the website (German summary)
#   make bench   – run the performance benchmark
#   make properdocs – build with ProperDocs and compare with the MkDocs build

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
export NO_MKDOCS_2_WARNING := 1

.PHONY: setup setup-test serve build test check changes release-check bench browser clean properdocs lint-imports

# Every Python package is pinned with its hash; pip refuses anything else (--require-hashes).
# The build needs requirements.lock only (what the deploy workflow installs); the tests add
# requirements-test.lock (a superset).
$(VENV)/.installed: requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements.lock
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed requirements-test.lock
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements-test.lock
	touch $@

# --ignore-scripts: no package's install script runs (vnu-jar's would download a Java runtime
# from another host when java is missing; `make browser` installs Debian's instead).
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --silent --ignore-scripts
	touch $@

setup: $(VENV)/.installed

setup-test: $(VENV)/.installed-test

# Debian's Chromium for the browser tests and Debian's Java runtime for the Nu HTML Checker
# (node_modules/vnu-jar, tests/test_html_validity.py); never a downloaded browser or JDK build.
browser:
	@test -x /usr/bin/chromium || { \
	  echo "Installing Debian's chromium for the browser tests"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }
	@test -x /usr/bin/chromium || { echo "/usr/bin/chromium is still missing" >&2; exit 1; }
	@command -v java >/dev/null || { \
	  echo "Installing Debian's default-jre-headless for the HTML checker"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq default-jre-headless >/dev/null; }
	@command -v java >/dev/null || { echo "java is still missing" >&2; exit 1; }
	@command -v ffmpeg >/dev/null || { \
	  echo "Installing Debian's ffmpeg for the video tests (tests/test_accessibility_duties.py)"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq ffmpeg >/dev/null; }
	@command -v ffmpeg >/dev/null || { echo "ffmpeg is still missing" >&2; exit 1; }

serve: setup
	$(VENV)/bin/mkdocs serve

build: setup
	$(VENV)/bin/mkdocs build --strict

# make check BASE=origin/main also compares the events with that git ref (version check).
check: setup
	$(PY) -m engagiert.check $(if $(BASE),--base "$(BASE)")

# make changes BASE=origin/main: German Markdown summary of what the working tree changes on
# the website against that git ref (both built with the same date); CHANGES_SITE=DIR keeps the new site.
changes: setup
	@test -n "$(BASE)" || { echo "make changes: bitte BASE=<git-Stand> angeben, z. B. make changes BASE=origin/main" >&2; exit 2; }
	@$(PY) scripts/changes.py --base "$(BASE)" $(if $(CHANGES_SITE),--site "$(CHANGES_SITE)")

# Before the real site goes live (issue #20): lists every placeholder, example data, example
# address, untagged PDF and uncaptioned video with file and line; exit 1 if there is any.
# RELEASE_CHECK_ARGS=--warn-only reports without failing (pull requests).
release-check: setup
	$(PY) -m engagiert.load.release_check $(RELEASE_CHECK_ARGS)

# pytest's exit status is passed on unchanged in meaning: 5 ("no tests collected") fails too.
test: setup-test browser node_modules/.installed
	@status=0; $(PY) -m pytest -n 2 $(PYTEST_ARGS) || status=$$?; \
	if [ $$status -eq 5 ]; then echo "make test: pytest collected no tests - failing" >&2; fi; \
	exit $$status

bench: setup-test node_modules/.installed browser
	$(PY) scripts/benchmark.py $(BENCH_ARGS)

# ProperDocs (the maintained continuation of MkDocs 1.x) must build the same bytes (README "ProperDocs").
properdocs: setup-test
	$(PY) -m pytest -n 0 tests/test_properdocs.py

# The layers of engagiert/ (DEVELOPERS.md); also run by tests/test_layers.py.
lint-imports: setup-test
	$(VENV)/bin/lint-imports --no-cache

clean:
	rm -rf site $(VENV) node_modules
