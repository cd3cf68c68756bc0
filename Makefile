# zhnews: `make demo` and `make test` work on a fresh machine (they set up .venv first).
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup demo test lint bench clean

$(STAMP): pyproject.toml package.json
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test,postgres,ray]'
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	mkdir -p src/zhnews/serve/static/vendor && cp node_modules/echarts/dist/echarts.min.js node_modules/swagger-ui-dist/swagger-ui-bundle.js node_modules/swagger-ui-dist/swagger-ui.css src/zhnews/serve/static/vendor/
	touch $(STAMP)

setup: $(STAMP)

demo: $(STAMP)
	$(BIN)/python -m zhnews.demo

test: $(STAMP)
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks

bench: $(STAMP)
	$(BIN)/python benchmarks/throughput.py
	$(BIN)/python benchmarks/text.py
	$(BIN)/python benchmarks/quality.py

clean:
	rm -rf $(VENV) build *.egg-info node_modules src/zhnews/serve/static/vendor
