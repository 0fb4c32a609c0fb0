# The authorization tier (issue 9): every example as render writes it
# (policies-iam/, stacksets/, resources.json), under the offline IAM simulator
# @cloud-copilot/iam-simulate (AGPL: test tooling only, pinned in
# tests/authz/package-lock.json). Prints the scenario table, fails on a mismatch;
# .cache/authz-table.json holds every row with its request and policies,
# .cache/authz-findings.md each mismatch with the statements that decided it.
# npm and node are the pinned Node.js's ($(WITH_NODE)); Node 22's --test takes files or globs,
# not a directory.
AUTHZ_DIR := tests/authz

$(AUTHZ_DIR)/node_modules/.installed: $(AUTHZ_DIR)/package.json $(AUTHZ_DIR)/package-lock.json $(NODE)
	cd $(AUTHZ_DIR) && $(WITH_NODE) npm ci --no-audit --no-fund --ignore-scripts
	touch $@

## authz: the rendered policies of every example under the IAM simulator
# (test/: the tier notices the defects of issue 9 when they are put back)
authz: render-examples $(AUTHZ_DIR)/node_modules/.installed
	cd $(AUTHZ_DIR) && export ORGBACKUP_RENDERED=$(CURDIR)/$(RENDERED) ORGBACKUP_EXAMPLES=$(CURDIR)/examples/config && \
		ORGBACKUP_AUTHZ_FINDINGS=$(CURDIR)/$(CACHE)/authz-findings.md ORGBACKUP_AUTHZ_TABLE=$(CURDIR)/$(CACHE)/authz-table.json \
		$(WITH_NODE) node run.mjs && $(WITH_NODE) node --test 'test/**/*.test.mjs'

.PHONY: authz
TEST_TIERS += authz
