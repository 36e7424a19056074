# Two commands a newcomer needs (see README.md):
#   make serve   set up everything, then serve the site on http://127.0.0.1:8000/autograd-executed/
#   make test    set up everything, then run the whole test suite
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1

.PHONY: setup serve test build snippets clean-cache translations browser benchmark

setup: $(STAMP)

# The browser tests drive Debian's Chromium (Playwright cannot download browsers here).
# As root on Debian/Ubuntu this installs it; elsewhere the browser tests skip and say how.
browser:
	@if ! command -v chromium >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    apt-get update -qq && apt-get install -y -qq chromium fonts-wqy-microhei >/dev/null; \
	  else echo "note: no chromium: browser tests will be skipped (sudo apt-get install chromium)"; fi; \
	fi

$(STAMP): requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(STAMP)

serve: $(STAMP)
	$(BIN)/mkdocs serve

test: $(STAMP) browser
	$(BIN)/python -m pytest -n 2 --dist loadgroup

build: $(STAMP)
	$(BIN)/mkdocs build --strict

snippets: $(STAMP)
	$(BIN)/snippetexec run

clean-cache: $(STAMP)
	$(BIN)/snippetexec clear-cache

translations: $(STAMP)
	$(BIN)/python hooks/i18n_sync.py status

benchmark: $(STAMP)
	$(BIN)/python benchmarks/run.py $(ARGS)
