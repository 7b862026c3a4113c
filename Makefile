# plan-extract: `make run` and `make test` work on a fresh machine (they create .venv).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
RUN_STAMP := $(VENV)/.installed-run
OUT ?= out

.PHONY: run test train bench ablation schema report notebook export clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev,bench,notebook,ocr,train,dask]"
	touch $(STAMP)

# `make run` needs the package alone; tests, benchmarks and the notebook add their extras.
$(RUN_STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $(RUN_STAMP)

run: $(RUN_STAMP)  ## extract the bundled corpus to out/ and print a summary
	@scripts/install_ocr.sh
	$(BIN)/plan-extract extract corpus/raw corpus/incoming/raw -o $(OUT)

test: $(STAMP)  ## unit + property tests, lint, then score the seeds and the adopted documents against their gold
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/pytest
	$(BIN)/plan-extract extract corpus/raw -o $(OUT) --quiet
	$(BIN)/plan-extract validate $(OUT) --gold corpus/gold
	$(BIN)/plan-extract extract corpus/incoming/raw -o $(OUT)/incoming --quiet
	$(BIN)/plan-extract validate $(OUT)/incoming --gold corpus/incoming/gold
	$(BIN)/plan-extract evaluate corpus/raw corpus/incoming/raw --gold corpus/gold --gold corpus/incoming/gold

$(OUT)/manifest.json: | $(STAMP)
	$(BIN)/plan-extract extract corpus/raw -o $(OUT) --quiet

report: $(OUT)/manifest.json  ## out/report.html: summary, pillar charts, a page per document
	$(BIN)/plan-extract report $(OUT) -o $(OUT)/report.html

notebook: $(OUT)/manifest.json  ## execute notebooks/explore.ipynb on out/ (charts in out/figures/)
	PLAN_EXTRACT_OUT=$(abspath $(OUT)) $(BIN)/python scripts/run_notebook.py notebooks/explore.ipynb \
		$(OUT)/explore.ipynb

export: $(OUT)/manifest.json  ## Parquet, CSV and DuckDB under out/export/
	$(BIN)/plan-extract export $(OUT) --parquet $(OUT)/export/parquet --csv $(OUT)/export/csv \
		--duckdb $(OUT)/export/plan-extract.duckdb

train: $(STAMP)  ## rebuild the packaged pillar classifiers (both taxonomies) from the corpus and its gold
	$(BIN)/plan-extract train corpus/raw corpus/incoming/raw --gold corpus/gold --gold corpus/incoming/gold --package
	$(BIN)/plan-extract train corpus/raw corpus/incoming/raw --gold corpus/gold --gold corpus/incoming/gold \
		--taxonomy ascc_2035 --package

bench: $(STAMP)  ## docs/s and MB/s of extract next to one underthesea word_tokenize pass; load/export/report; the Dask executor vs one process; 100k and 1M short lines (s, peak RSS)
	$(BIN)/python benchmarks/bench_extract.py
	$(BIN)/python benchmarks/bench_analysis.py
	$(BIN)/python benchmarks/bench_dask.py
	$(BIN)/python benchmarks/bench_pages.py
	$(BIN)/python benchmarks/bench_big_text.py
	$(BIN)/python benchmarks/ocr_wer.py --dpi 300 --psm 4 --engine tesseract combined

ablation: $(STAMP)  ## leave-one-document-out pillar F1 of classifier variants
	$(BIN)/python benchmarks/pillar_ablation.py

schema: $(STAMP)  ## regenerate schemas/ from the models
	$(BIN)/plan-extract schema -o schemas
	$(BIN)/plan-extract schema -o src/plan_extract/schema

clean:
	rm -rf $(VENV) $(OUT) bench-out build .pytest_cache .ruff_cache .hypothesis
