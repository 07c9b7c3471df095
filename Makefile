# `make run` serves the app; `make test` runs every test. Both set up .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test screenshots lint bench messages clean

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/python app.py

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/python -m pytest -n auto --dist loadgroup

# the browser tests again, keeping their pictures of the pages in screenshots/ (make test takes none: they are
# for a person to look at after changing a page, not checks)
screenshots: $(STAMP)
	ENTANGLE_SCREENSHOTS=1 $(BIN)/python -m pytest -n auto --dist loadgroup tests/browser

# the translation catalogues: new marked strings into network/locale/*/LC_MESSAGES/*.po, then compiled (.mo)
messages: $(STAMP)
	$(BIN)/python -m network.catalogues

bench: $(STAMP)
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .mypy_cache screenshots
