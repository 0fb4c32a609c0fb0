# Releases. `release-packages VERSION=X.Y.Z` builds the SDK packages a release publishes;
# .github/workflows/release.yml runs it, then goreleaser. The release-snapshot tier does the same
# here with RELEASE_TEST_VERSION, the plugin archive for linux/amd64 only, and checks every
# artifact (tests/release); actionlint checks the workflows.
TEST_TIERS += release-snapshot

GORELEASER_VERSION := v2.15.1
GORELEASER := $(CACHE)/goreleaser-$(GORELEASER_VERSION)/goreleaser
ACTIONLINT_VERSION := v1.7.12
ACTIONLINT := $(CACHE)/actionlint-$(ACTIONLINT_VERSION)/actionlint
RELEASE_VENV := $(CACHE)/venv-release
RELEASE_DIR := $(CACHE)/release
RELEASE_PACKAGES := $(RELEASE_DIR)/packages
# A prerelease, so that the check covers the PEP 440 form (1.2.3a4) too.
RELEASE_TEST_VERSION := 1.2.3-alpha.4

.PHONY: release-packages release-archives release-snapshot

$(GORELEASER):
	GOBIN=$(CURDIR)/$(dir $(GORELEASER)) $(GO) install github.com/goreleaser/goreleaser/v2@$(GORELEASER_VERSION)

$(ACTIONLINT):
	GOBIN=$(CURDIR)/$(dir $(ACTIONLINT)) $(GO) install github.com/rhysd/actionlint/cmd/actionlint@$(ACTIONLINT_VERSION)

$(RELEASE_VENV)/.installed: tests/release/requirements.txt
	python3 -m venv $(RELEASE_VENV)
	$(RELEASE_VENV)/bin/pip install --quiet --disable-pip-version-check -r tests/release/requirements.txt
	touch $@

## release-packages VERSION=X.Y.Z: the SDKs generated for VERSION (schema.json and sdk/ under
## $(RELEASE_DIR)/src; the committed ones carry no version), packed: the npm tarball into
## $(RELEASE_PACKAGES)/npm, the Python wheel and sdist into $(RELEASE_PACKAGES)/python.
release-packages: $(NODE) $(RELEASE_VENV)/.installed
	test -n "$(VERSION)" || { echo "release-packages: set VERSION=X.Y.Z"; exit 1; }
	rm -rf $(RELEASE_DIR)/src $(RELEASE_PACKAGES) && mkdir -p $(RELEASE_PACKAGES)/npm $(RELEASE_PACKAGES)/python
	$(GO) run ./provider/cmd/codegen -root $(RELEASE_DIR)/src -version $(VERSION)
	$(call nodejs-sdk,$(RELEASE_DIR)/src/sdk/nodejs,$(VERSION))
	cp LICENSE $(RELEASE_DIR)/src/sdk/nodejs/bin/
	cd $(RELEASE_DIR)/src/sdk/nodejs/bin && $(WITH_NODE) npm pack --silent --pack-destination $(CURDIR)/$(RELEASE_PACKAGES)/npm
	cp LICENSE $(RELEASE_DIR)/src/sdk/python/
	$(RELEASE_VENV)/bin/python -m build --no-isolation --outdir $(RELEASE_PACKAGES)/python $(RELEASE_DIR)/src/sdk/python \
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

## release-archives RELEASE_NOTES=FILE: goreleaser's release of the tag checked out, the plugin
## archives of every platform attached to its GitHub release (needs GITHUB_TOKEN).
release-archives: $(GORELEASER)
	test -s "$(RELEASE_NOTES)" || { echo "release-archives: set RELEASE_NOTES to a non-empty file"; exit 1; }
	$(GORELEASER) release --clean --release-notes $(RELEASE_NOTES)

release-snapshot: $(GORELEASER) $(ACTIONLINT) $(RELEASE_DIR)/goreleaser.yaml
	$(ACTIONLINT) .github/workflows/*.yml
	$(GORELEASER) check
	$(MAKE) release-packages VERSION=$(RELEASE_TEST_VERSION)
	$(GORELEASER) release --snapshot --clean --config $(RELEASE_DIR)/goreleaser.yaml > $(RELEASE_DIR)/goreleaser.log 2>&1 \
		|| { cat $(RELEASE_DIR)/goreleaser.log; exit 1; }
	ORGBACKUP_RELEASE_VERSION=$(RELEASE_TEST_VERSION) ORGBACKUP_RELEASE_DIST=$(CURDIR)/$(RELEASE_DIR)/dist \
		ORGBACKUP_RELEASE_PACKAGES=$(CURDIR)/$(RELEASE_PACKAGES) $(GO) test -tags release -count=1 ./tests/release
