# The readme tier: every fenced code block of README.md, CONTRIBUTING.md and
# the docs listed in tests/readme/blocks.go is compiled, type-checked, run
# under mocks or validated (see tests/readme). TypeScript blocks use the
# TypeScript example's pinned packages and the built SDK; Python blocks the
# SDK virtualenv with sdk/python installed. $(WITH_NODE), when the Makefile defines it, puts
# the pinned Node.js first on the PATH.
TEST_TIERS += readme

README_TS := $(CACHE)/readme-ts

.PHONY: readme
readme: sdk-nodejs $(SDK_VENV)/.installed $(NODE)
	rm -rf $(README_TS) && mkdir -p $(README_TS)
	cp examples/typescript/package.json examples/typescript/package-lock.json $(README_TS)/
	cd $(README_TS) && $(WITH_NODE) npm ci --install-links --no-audit --no-fund --ignore-scripts
	$(SDK_VENV)/bin/pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation --force-reinstall ./sdk/python
	cd tests/readme && $(WITH_NODE) ORGBACKUP_README_TS=$(CURDIR)/$(README_TS) ORGBACKUP_README_PYTHON=$(CURDIR)/$(SDK_VENV)/bin/python \
		$(GO) test -tags readme -count=1 .
