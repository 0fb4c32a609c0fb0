# The engine tier: the plugin inside the Pulumi engine (CLI built from
# pulumi/pkg in tools/pulumi-cli, Pulumi YAML's language host) with a test
# double of the aws and aws-native plugins (tests/engine). Everything lives
# under .cache/; the CLI is rebuilt only when its pins change.

PULUMI_VERSION := v3.274.1
PULUMI_YAML_VERSION := v1.25.0
ENGINE_ROOT := $(CURDIR)/$(CACHE)/engine
PULUMI_CLI := $(ENGINE_ROOT)/bin/pulumi
PULUMI_YAML := $(ENGINE_ROOT)/pulumi-language-yaml-$(PULUMI_YAML_VERSION).installed
ENGINE_HOME := $(ENGINE_ROOT)/home
DOUBLE := $(ENGINE_ROOT)/double/pulumi-resource-aws
# The pinned Node.js on the PATH too: the TypeScript program runs under it (programs_test.go).
ENGINE_ENV := PATH="$(ENGINE_ROOT)/bin:$(CURDIR)/$(NODE_DIR)/bin:$$PATH" ORGBACKUP_ENGINE_ROOT="$(ENGINE_ROOT)" ORGBACKUP_PULUMI_HOME="$(ENGINE_HOME)" \
	ORGBACKUP_PYTHON="$(CURDIR)/$(SDK_VENV)/bin/python"
ENGINE_TIMEOUT ?= 40m

# $(call catalog-version,NAME): a plugin version constant of provider/desired/catalog.go.
catalog-version = $(shell sed -n 's/^\t$(1) *= "\(.*\)"$$/\1/p' provider/desired/catalog.go)

TEST_TIERS += engine
.PHONY: engine engine-plugins engine-python engine-typescript bench-engine

# The version stamp is what the Automation API checks the CLI against.
$(PULUMI_CLI): tools/pulumi-cli/go.mod tools/pulumi-cli/go.sum
	cd tools/pulumi-cli && $(GO) build -trimpath \
		-ldflags "-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$(PULUMI_VERSION)" \
		-o $@ github.com/pulumi/pulumi/pkg/v3/cmd/pulumi

# Found by the CLI on the PATH (ENGINE_ENV).
$(PULUMI_YAML):
	GOBIN=$(ENGINE_ROOT)/bin $(GO) install github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml@$(PULUMI_YAML_VERSION)
	touch $@

# The plugins the engine loads, in the tier's own PULUMI_HOME: the double as
# aws and aws-native at the versions the component pins, and this plugin,
# installed as the README tells users of the published SDKs to.
engine-plugins: build $(PULUMI_CLI) $(PULUMI_YAML)
	cd tests/engine && $(GO) build -o $(DOUBLE) ./double
	for p in "aws $(call catalog-version,AWSVersion)" "aws-native $(call catalog-version,AWSNativeVersion)"; do \
		PULUMI_HOME=$(ENGINE_HOME) $(PULUMI_CLI) plugin install resource $$p --file $(DOUBLE) --reinstall; \
	done
	# Only this build: the engine picks the highest version of a plugin a
	# program does not pin, so an older version left in the home would run instead.
	rm -rf $(ENGINE_HOME)/plugins/resource-orgbackup-* $(ENGINE_HOME)/plugins/schema-orgbackup-*
	PULUMI_HOME=$(ENGINE_HOME) $(PULUMI_CLI) plugin install resource orgbackup \
		v$$(sed -n 's/^var Version = "\(.*\)"/\1/p' provider/provider.go) --file $(PLUGIN) --reinstall

# Python's Automation API and the Python SDK of sdk/python (the example's pinned virtualenv).
engine-python: $(SDK_VENV)/.installed
	$(SDK_VENV)/bin/pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation --force-reinstall ./sdk/python

# Node.js's Automation API and the Node.js SDK as npm would publish it; the TypeScript example's
# packages, which its management account's program runs with (prerequisites_programs_test.go).
engine-typescript: sdk-nodejs $(NODE)
	cd tests/engine/typescript && $(WITH_NODE) npm ci --install-links --no-audit --no-fund && $(WITH_NODE) npm run build
	cd examples/typescript && $(WITH_NODE) npm ci --install-links --no-audit --no-fund --ignore-scripts

## engine: the plugin through preview, up, refresh, import and destroy in the Pulumi engine
engine: engine-plugins engine-python engine-typescript
	test -z "$$(gofmt -l tests/engine)" || { gofmt -l tests/engine; exit 1; }
	cd tests/engine && $(GO) vet -tags engine ./...
	cd tests/engine && $(ENGINE_ENV) $(GO) test -tags engine -count=1 -timeout $(ENGINE_TIMEOUT) ./...

## bench-engine: preview and up of 1, 20 and 100 deployments through the engine (not part of make test)
bench-engine: engine-plugins
	cd tests/engine && $(ENGINE_ENV) $(GO) test -tags engine -run '^$$' -bench '^BenchmarkEngine$$' -benchtime 1x \
		-count 1 -timeout 90m . | tee $(CURDIR)/$(CACHE)/bench-engine.txt
	awk -f tools/benchengine.awk $(CACHE)/bench-engine.txt
