# plan-extract: `make run` and `make test` work on a fresh machine (they create .venv).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
OUT ?= out

.PHONY: run test train bench ablation schema clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev,bench,notebook]"
	touch $(STAMP)

run: $(STAMP)  ## extract the bundled corpus to out/ and print a summary
	$(BIN)/plan-extract extract corpus/raw -o $(OUT)

test: $(STAMP)  ## unit + property tests, lint, then score the seeds against their gold
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/pytest
	$(BIN)/plan-extract extract corpus/raw -o $(OUT) --quiet
	$(BIN)/plan-extract validate $(OUT) --gold corpus/gold
	$(BIN)/plan-extract evaluate corpus/raw --gold corpus/gold

train: $(STAMP)  ## rebuild the packaged pillar classifier from corpus/raw
	$(BIN)/plan-extract train corpus/raw

bench: $(STAMP)  ## docs/s and MB/s of extract next to one underthesea word_tokenize pass
	$(BIN)/python benchmarks/bench_extract.py

ablation: $(STAMP)  ## leave-one-document-out pillar F1 of classifier variants
	$(BIN)/python benchmarks/pillar_ablation.py

schema: $(STAMP)  ## regenerate schemas/ from the models
	$(BIN)/plan-extract schema -o schemas

clean:
	rm -rf $(VENV) $(OUT) bench-out .pytest_cache .ruff_cache .hypothesis
