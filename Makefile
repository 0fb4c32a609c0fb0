# The two commands of the README: `make demo` and `make test`. Every test tier lives in its own
# fragment, mk/<tier>.mk, which adds the tier to TEST_TIERS; this file keeps what the tiers share:
# the variables, the build, the pinned Node.js, the rendered examples, the SDK builds, and the
# commands that are not tiers (demo, generate, bench, clean).
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
MAKEFLAGS += --no-print-directory
GO ?= go

PLUGIN := bin/pulumi-resource-orgbackup
RENDER := bin/orgbackup
CACHE := .cache
# The Python tier's and the moto tier's pinned tools (tests/python/requirements.txt).
VENV := $(CACHE)/venv
RENDERED := $(CACHE)/rendered

# Node.js 22, pinned, from the npm registry's node-<os>-<arch> package: @pulumi/pulumi >= 3.249
# (and so the generated SDK's ^3.269.0) declares engines node >= 22. Every npm and node command
# of the tiers runs under it: prefix it with $(WITH_NODE) and depend on $(NODE).
NODE_VERSION := 22.23.5
NODE_PLATFORM := $(shell uname -s | tr A-Z a-z)-$(patsubst x86_64,x64,$(patsubst aarch64,arm64,$(shell uname -m)))
NODE_DIR := $(CACHE)/node-$(NODE_VERSION)
NODE := $(NODE_DIR)/bin/node
WITH_NODE = PATH="$(CURDIR)/$(NODE_DIR)/bin:$$PATH"
NODE_TOOLS := @pulumi/pulumi@3.276.0 typescript@5.9.3 @types/node@22.20.7
# The version of SDKs built from the committed, versionless ones (a release passes its own).
DEV_VERSION := 0.0.0
# The Python example's pinned packages, with sdk/python installed by the tiers that need it.
SDK_VENV := $(CACHE)/venv-sdk

.PHONY: build demo test generate codegen render-examples sdk-nodejs bench clean

build:
	$(GO) build -o $(PLUGIN) .
	$(GO) build -o $(RENDER) ./provider/cmd/orgbackup

## demo: build the plugin and render every example organization into out/
demo: build
	rm -rf out
	for f in examples/config/*.yaml; do \
		echo "== $$f -> out/$$(basename $$f .yaml)"; \
		$(RENDER) render --config $$f --out out/$$(basename $$f .yaml); \
	done
	for f in examples/config/invalid/*.yaml; do \
		echo "== $$f (invalid: render must refuse it)"; \
		if $(RENDER) render --config $$f --out out/invalid; then echo "render accepted $$f"; exit 1; fi; \
	done
	echo "rendered into out/"

# The test tiers, one fragment each: mk/<tier>.mk adds its targets to TEST_TIERS.
TEST_TIERS :=
include $(sort $(wildcard mk/*.mk))

# make test runs these tiers first, in this order, then the other tiers of TEST_TIERS.
TEST_FIRST := lint unit fuzz python lint-output moto-go example-go example-typescript example-python

TEST_ORDER := $(TEST_FIRST) $(filter-out $(TEST_FIRST),$(TEST_TIERS))
TIER_TIMES := $(CACHE)/tier-times.txt

## test: every test tier that runs here, one after the other, then the time each took
test:
	@mkdir -p $(CACHE) && rm -f $(TIER_TIMES)
	@for tier in $(TEST_ORDER); do \
		start=$$(date +%s); \
		$(MAKE) $$tier || { echo "make test: the $$tier tier failed after $$(( $$(date +%s) - start )) s"; exit 1; }; \
		printf '%-20s %6d s\n' $$tier $$(( $$(date +%s) - start )) >> $(TIER_TIMES); \
	done
	@echo "== make test: seconds per tier"; cat $(TIER_TIMES)

## codegen: schema.json and sdk/ from the provider (checked by TestGeneratedFilesAreCommitted)
codegen:
	$(GO) run ./provider/cmd/codegen
	cd sdk && $(GO) mod tidy

# The Go packages whose tests compare against golden files and rewrite them under -update, each
# with the -run pattern of those tests. `make generate` fails when a package declares an -update
# flag this list does not name.
GOLDEN_PACKAGES := provider provider/central provider/deployer provider/events provider/policy provider/statemachine
GOLDEN_TESTS_provider := ^TestExampleFixtures$$
GOLDEN_TESTS_provider/central := ^TestLogicalNamesAreStable$$
GOLDEN_TESTS_provider/deployer := ^TestDocumentedTableIsTheTable$$
GOLDEN_TESTS_provider/events := ^TestAlertMessages$$
GOLDEN_TESTS_provider/policy := ^(TestGolden|TestReferenceReadmeExample)$$
GOLDEN_TESTS_provider/statemachine := ^TestIngestLocksAndExplainsAnEBSCopyRefusedForAWSManagedKey$$

## generate: codegen, then every golden file of the Go tests rewritten (-update): the policy
## goldens, the logical names, docs/permissions.md's table, the alert messages, the example fixtures
generate: codegen
	found="$$(git grep -l --untracked 'flag.Bool("update"' -- '*_test.go' | xargs -r -n1 dirname | LC_ALL=C sort -u | tr '\n' ' ')"; \
		test "$$found" = "$(GOLDEN_PACKAGES) " || { echo "generate: the packages with an -update flag are: $$found (GOLDEN_PACKAGES: $(GOLDEN_PACKAGES))"; exit 1; }
	$(foreach p,$(GOLDEN_PACKAGES),$(call golden-update,$(p)))

# $(call golden-update,PACKAGE): PACKAGE's golden tests, rewriting their files; a -run pattern that
# no longer matches a test fails.
define golden-update
out=$$($(GO) test -count=1 -run '$(GOLDEN_TESTS_$(1))' ./$(1) -args -update 2>&1) || { echo "$$out"; exit 1; }; \
	echo "$$out"; ! grep -q 'no tests to run' <<<"$$out" || { echo "generate: no test of ./$(1) matches $(GOLDEN_TESTS_$(1))"; exit 1; }

endef

$(NODE):
	rm -rf $(NODE_DIR) && mkdir -p $(NODE_DIR)
	cd $(NODE_DIR) && npm pack --silent node-$(NODE_PLATFORM)@$(NODE_VERSION) > /dev/null
	tar xzf $(NODE_DIR)/node-$(NODE_PLATFORM)-$(NODE_VERSION).tgz -C $(NODE_DIR) --strip-components=1
	rm $(NODE_DIR)/node-$(NODE_PLATFORM)-$(NODE_VERSION).tgz
	$(WITH_NODE) node --version

# $(call nodejs-sdk,DIR,VERSION): the Node.js SDK generated in DIR as npm would publish it,
# compiled into DIR/bin; VERSION replaces the placeholder of a versionless package.json.
define nodejs-sdk
cd $(1) && $(WITH_NODE) npm install --no-save --no-package-lock --no-audit --no-fund --ignore-scripts --prefer-offline $(NODE_TOOLS)
cd $(1) && $(WITH_NODE) ./node_modules/.bin/tsc
cd $(1) && cp package.json README.md bin/ && sed -i 's/\$${VERSION}/$(2)/g' bin/package.json
endef

# The Node.js SDK of sdk/nodejs, built (example-typescript, readme, engine).
sdk-nodejs: $(NODE)
	$(call nodejs-sdk,sdk/nodejs,$(DEV_VERSION))

# The Python example's pinned packages (example-python, readme, engine).
$(SDK_VENV)/.installed: examples/python/requirements.txt
	python3 -m venv $(SDK_VENV)
	$(SDK_VENV)/bin/pip install --quiet --disable-pip-version-check -r examples/python/requirements.txt
	touch $@

# The tools of the Python tier and of moto-go, pinned in a virtualenv.
$(VENV)/.installed: tests/python/requirements.txt
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -r tests/python/requirements.txt
	touch $@

# Every example configuration as render writes it, under $(RENDERED)/<example> (python,
# lint-output, authz, events, statemachines).
render-examples: build
	rm -rf $(RENDERED)
	for f in examples/config/*.yaml; do \
		$(RENDER) render --config $$f --out $(RENDERED)/$$(basename $$f .yaml) > /dev/null; \
	done

## bench: construct OrgBackup under mocks against registering as many bare resources, and the pure pipeline alone
bench:
	mkdir -p $(CACHE)
	$(GO) test -run '^$$' -bench 'Benchmark(Construct|Floor|Build)' -benchtime 5x -count 1 ./provider | tee $(CACHE)/bench.txt
	awk -f tools/benchratio.awk $(CACHE)/bench.txt

clean:
	rm -rf bin out $(CACHE)
