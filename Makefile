# xxgk — common tasks. `make run` sets everything up and runs the main job (`xxgk run`)
# on the built-in demo sites; `make test` runs the test suite.
PY      ?= python3
VENV    ?= .venv
BIN     := $(VENV)/bin
DATA    ?= data
SUDO    := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: setup system-deps run test bench lint clean

$(BIN)/xxgk: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	@touch $@

# LibreOffice converts .doc/.wps/.odt (Calc imports pages into workbooks for tests/test_read_spreadsheet.py); CJK fonts make generated PDFs and screenshots legible (DejaVu:
# the Latin digits the OCR tests draw, tests/test_ocr_lone_digits.py);
# Chromium opens the HTML report in its browser test and prints pages for the OCR tests;
# poppler-utils (pdftoppm) rasterises the OCR test material; tesseract is the OCR engine
# compared in tests/bench_ocr.py; libgl1/libglib2.0-0 are what opencv-python links to; redis-server is
# the shared crawl frontier tests/test_crawl_frontier.py starts on loopback; ghostscript re-writes
# PDFs the way PDF printers do and wkhtmltopdf prints pages as CMSs do (tests/test_producers.py);
# pandoc converts Word files to markdown with HTML and grid tables, w3m and lynx dump pages as text
# (tests/test_markdown_html_tables.py, tests/test_text_grid_tables.py, tests/test_text_double_spaced.py).
SYSTEM_PACKAGES := libreoffice-writer-nogui libreoffice-calc-nogui fonts-noto-cjk fonts-dejavu-core poppler-utils chromium \
                   tesseract-ocr tesseract-ocr-chi-sim libgl1 libglib2.0-0 redis-server ghostscript wkhtmltopdf pandoc w3m lynx
system-deps:
	@{ command -v soffice && command -v chromium && command -v pdftoppm && command -v tesseract \
	   && command -v redis-server && command -v gs && command -v wkhtmltopdf && command -v pandoc && command -v w3m && command -v lynx && test -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf; } >/dev/null 2>&1 || { \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends \
	    $(SYSTEM_PACKAGES) >/dev/null ; }

setup: system-deps $(BIN)/xxgk

# Serves the demo government sites (generated from the sample reports) on loopback,
# then `xxgk run` crawls, extracts and loads them into $(DATA) and prints the summary; writes the
# HTML report of the demo county and the Datasette site database $(DATA)/site.db.
run: setup
	$(BIN)/python -m scrapers.demo --data $(DATA)
	$(BIN)/xxgk report --data $(DATA) --region 渑池县 -o $(DATA)/report.html
	$(BIN)/xxgk publish --data $(DATA) --out $(DATA)/site.db
	@echo "open $(DATA)/report.html; browse $(DATA)/site.db: $(BIN)/xxgk serve --data $(DATA) (http://127.0.0.1:8001/); try: $(BIN)/xxgk compare --data $(DATA) --metric share_granted"

test: setup
	$(BIN)/pytest -q

# Every tests/bench*.py prints its figures (and writes data/bench*.json). They measure real
# documents: without the corpus (../shared/corpus, or XXGK_CORPUS) the bench stops, loudly.
CORPUS  ?= $(or $(XXGK_CORPUS),../shared/corpus)
bench: setup
	@test -d "$(CORPUS)" || { echo "make bench: no real-document corpus at $(CORPUS) (set XXGK_CORPUS to its folder)" >&2; exit 1; }
	@for f in tests/bench*.py; do echo "== $$f"; XXGK_CORPUS="$(abspath $(CORPUS))" $(BIN)/python $$f || exit 1; done

lint: setup
	$(BIN)/ruff check pipeline scrapers tests

clean:
	rm -rf $(VENV) $(DATA)/samples $(DATA)/datasets
