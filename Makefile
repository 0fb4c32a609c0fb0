# The two commands of the README: `make demo` and `make test`.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
MAKEFLAGS += --no-print-directory
GO ?= go
FUZZTIME ?= 10s

PLUGIN := bin/pulumi-resource-orgbackup
RENDER := bin/orgbackup
CACHE := .cache
VENV := $(CACHE)/venv
RENDERED := $(CACHE)/rendered

# Node.js 22, pinned, from the npm registry's node-<os>-<arch> package: @pulumi/pulumi >= 3.249
# (and so the generated SDK's ^3.269.0) declares engines node >= 22. Every npm and node command
# of the TypeScript tiers runs under it: prefix it with $(WITH_NODE) and depend on $(NODE).
NODE_VERSION := 22.23.5
NODE_PLATFORM := $(shell uname -s | tr A-Z a-z)-$(patsubst x86_64,x64,$(patsubst aarch64,arm64,$(shell uname -m)))
NODE_DIR := $(CACHE)/node-$(NODE_VERSION)
NODE := $(NODE_DIR)/bin/node
WITH_NODE = PATH="$(CURDIR)/$(NODE_DIR)/bin:$$PATH"
NODE_TOOLS := @pulumi/pulumi@3.276.0 typescript@5.9.3 @types/node@22.20.7
# The version of SDKs built from the committed, versionless ones (a release passes its own).
DEV_VERSION := 0.0.0
SDK_VENV := $(CACHE)/venv-sdk
LINT_VENV := $(CACHE)/venv-lint

.PHONY: build demo test lint unit fuzz python render-examples codegen sdk-nodejs example-go example-typescript \
	example-python lint-output moto-go bench clean

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

# Further test tiers, each in its own fragment: mk/<tier>.mk adds its targets to TEST_TIERS.
TEST_TIERS :=
include $(wildcard mk/*.mk)

## test: every test tier that runs here
test: lint unit fuzz python lint-output moto-go example-go example-typescript example-python $(TEST_TIERS)

## codegen: schema.json and sdk/ from the provider (checked by TestGeneratedFilesAreCommitted)
codegen:
	$(GO) run ./provider/cmd/codegen
	cd sdk && $(GO) mod tidy

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

sdk-nodejs: $(NODE)
	$(call nodejs-sdk,sdk/nodejs,$(DEV_VERSION))

example-go:
	cd examples/go && $(GO) vet ./... && $(GO) test -count=1 ./...

example-typescript: sdk-nodejs
	cd examples/typescript && $(WITH_NODE) npm ci --install-links --no-audit --no-fund --ignore-scripts
	cd examples/typescript && $(WITH_NODE) npm run typecheck && $(WITH_NODE) npm test

$(SDK_VENV)/.installed: examples/python/requirements.txt
	python3 -m venv $(SDK_VENV)
	$(SDK_VENV)/bin/pip install --quiet --disable-pip-version-check -r examples/python/requirements.txt
	touch $@

example-python: $(SDK_VENV)/.installed
	$(SDK_VENV)/bin/pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation --force-reinstall ./sdk/python
	cd examples/python && ../../$(SDK_VENV)/bin/pytest -q -p no:cacheprovider

lint:
	test -z "$$(gofmt -l main.go provider)" || { gofmt -l main.go provider; exit 1; }
	$(GO) vet ./...

unit:
	$(GO) test -count=1 ./...

# Bounded fuzzing of validation, the policy engine and the member template;
# each corpus lives in the package's testdata/fuzz.
fuzz:
	$(GO) test -run '^$$' -fuzz '^FuzzValidate$$' -fuzztime $(FUZZTIME) ./provider/config
	$(GO) test -run '^$$' -fuzz '^FuzzDocuments$$' -fuzztime $(FUZZTIME) ./provider/policy
	$(GO) test -run '^$$' -fuzz '^FuzzTemplate$$' -fuzztime $(FUZZTIME) ./provider/member

## bench: construct OrgBackup under mocks against registering as many bare resources
bench:
	mkdir -p $(CACHE)
	$(GO) test -run '^$$' -bench 'Benchmark(Construct|Floor)' -benchtime 5x -count 1 ./provider | tee $(CACHE)/bench.txt
	awk -f tools/benchratio.awk $(CACHE)/bench.txt

# The Python tier: cfn-lint and moto on the rendered member templates, the
# custom resource function against moto. Pinned tools in a virtualenv.
$(VENV)/.installed: tests/python/requirements.txt
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -r tests/python/requirements.txt
	touch $@

render-examples: build
	rm -rf $(RENDERED)
	for f in examples/config/*.yaml; do \
		$(RENDER) render --config $$f --out $(RENDERED)/$$(basename $$f .yaml) > /dev/null; \
	done

python: $(VENV)/.installed render-examples
	cd tests/python && ORGBACKUP_RENDERED=$(CURDIR)/$(RENDERED) ../../$(VENV)/bin/pytest -q -p no:cacheprovider

# parliament on every rendered policy document, checkov on every rendered
# StackSet template; accepted findings are listed in tests/lint.
$(LINT_VENV)/.installed: tests/lint/requirements.txt
	python3 -m venv $(LINT_VENV)
	$(LINT_VENV)/bin/pip install --quiet --disable-pip-version-check -r tests/lint/requirements.txt
	touch $@

lint-output: $(LINT_VENV)/.installed render-examples
	cd tests/lint && ORGBACKUP_RENDERED=$(CURDIR)/$(RENDERED) ../../$(LINT_VENV)/bin/pytest -q -p no:cacheprovider

# The generated IAM roles, KMS keys and organization policies, created in moto
# through the AWS SDK for Go v2 and read back.
moto-go: $(VENV)/.installed
	ORGBACKUP_MOTO_PYTHON=$(CURDIR)/$(VENV)/bin/python $(GO) test -tags moto -count=1 ./tests/moto/...

clean:
	rm -rf bin out $(CACHE)
