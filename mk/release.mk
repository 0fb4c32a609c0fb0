# Releases. `release-packages VERSION=X.Y.Z` builds the SDK packages a release publishes;
# .github/workflows/release.yml runs it, then goreleaser. The release-snapshot tier does the same
# here with RELEASE_TEST_VERSION, the plugin archive for linux/amd64 only, and checks every
# artifact (tests/release).
TEST_TIERS += release-snapshot

GORELEASER_VERSION := v2.15.1
GORELEASER := $(CACHE)/goreleaser-$(GORELEASER_VERSION)/goreleaser
RELEASE_VENV := $(CACHE)/venv-release
RELEASE_DIR := $(CACHE)/release
RELEASE_PACKAGES := $(RELEASE_DIR)/packages
# A prerelease, so that the check covers the PEP 440 form (1.2.3a4) too.
RELEASE_TEST_VERSION := 1.2.3-alpha.4

.PHONY: release-packages release-snapshot

$(GORELEASER):
	GOBIN=$(CURDIR)/$(dir $(GORELEASER)) $(GO) install github.com/goreleaser/goreleaser/v2@$(GORELEASER_VERSION)

$(RELEASE_VENV)/.installed: tests/release/requirements.txt
	python3 -m venv $(RELEASE_VENV)
	$(RELEASE_VENV)/bin/pip install --quiet --disable-pip-version-check -r tests/release/requirements.txt
	touch $@

## release-packages VERSION=X.Y.Z: the SDKs generated for VERSION (schema.json and sdk/ under
## $(RELEASE_DIR)/src; the committed ones carry no version), packed into $(RELEASE_PACKAGES):
## the npm tarball, the Python wheel and sdist.
release-packages: $(NODE) $(RELEASE_VENV)/.installed
	test -n "$(VERSION)" || { echo "release-packages: set VERSION=X.Y.Z"; exit 1; }
	rm -rf $(RELEASE_DIR)/src $(RELEASE_PACKAGES) && mkdir -p $(RELEASE_PACKAGES)
	$(GO) run ./provider/cmd/codegen -root $(RELEASE_DIR)/src -version $(VERSION)
	$(call nodejs-sdk,$(RELEASE_DIR)/src/sdk/nodejs,$(VERSION))
	cp LICENSE $(RELEASE_DIR)/src/sdk/nodejs/bin/
	cd $(RELEASE_DIR)/src/sdk/nodejs/bin && $(WITH_NODE) npm pack --silent --pack-destination $(CURDIR)/$(RELEASE_PACKAGES)
	cp LICENSE $(RELEASE_DIR)/src/sdk/python/
	$(RELEASE_VENV)/bin/python -m build --no-isolation --outdir $(RELEASE_PACKAGES) $(RELEASE_DIR)/src/sdk/python \
		> $(RELEASE_DIR)/python-build.log 2>&1 || { cat $(RELEASE_DIR)/python-build.log; exit 1; }

# The release configuration for one platform, in its own dist directory, its snapshot stamped
# with RELEASE_TEST_VERSION: two lines changed by the sed, three appended.
$(RELEASE_DIR)/goreleaser.yaml: .goreleaser.yaml mk/release.mk
	mkdir -p $(RELEASE_DIR)
	{ sed -e 's/^    goos: \[linux, darwin, windows\]$$/    goos: [linux]/' \
		-e 's/^    goarch: \[amd64, arm64\]$$/    goarch: [amd64]/' .goreleaser.yaml; \
	  printf 'dist: %s\nsnapshot:\n  version_template: "%s"\n' $(RELEASE_DIR)/dist $(RELEASE_TEST_VERSION); } > $@.tmp
	test "$$(diff .goreleaser.yaml $@.tmp | grep -c '^>')" = 5 || { diff .goreleaser.yaml $@.tmp; exit 1; }
	mv $@.tmp $@

release-snapshot: $(GORELEASER) $(RELEASE_DIR)/goreleaser.yaml
	$(MAKE) release-packages VERSION=$(RELEASE_TEST_VERSION)
	$(GORELEASER) check
	$(GORELEASER) release --snapshot --clean --config $(RELEASE_DIR)/goreleaser.yaml > $(RELEASE_DIR)/goreleaser.log 2>&1 \
		|| { cat $(RELEASE_DIR)/goreleaser.log; exit 1; }
	ORGBACKUP_RELEASE_VERSION=$(RELEASE_TEST_VERSION) ORGBACKUP_RELEASE_DIST=$(CURDIR)/$(RELEASE_DIR)/dist \
		ORGBACKUP_RELEASE_PACKAGES=$(CURDIR)/$(RELEASE_PACKAGES) $(GO) test -tags release -count=1 ./tests/release
