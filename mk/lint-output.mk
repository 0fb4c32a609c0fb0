# The lint-output tier: parliament on every rendered policy document, checkov on every rendered
# StackSet template; accepted findings are listed in tests/lint. Pinned tools in a virtualenv.
TEST_TIERS += lint-output
LINT_VENV := $(CACHE)/venv-lint

$(LINT_VENV)/.installed: tests/lint/requirements.txt
	python3 -m venv $(LINT_VENV)
	$(LINT_VENV)/bin/pip install --quiet --disable-pip-version-check -r tests/lint/requirements.txt
	touch $@

.PHONY: lint-output
## lint-output: parliament and checkov on freshly rendered examples
lint-output: $(LINT_VENV)/.installed render-examples
	cd tests/lint && ORGBACKUP_RENDERED=$(CURDIR)/$(RENDERED) ../../$(LINT_VENV)/bin/pytest -q -p no:cacheprovider
