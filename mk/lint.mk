# The lint tier: gofmt over every Go file of the repository, go vet and staticcheck (pinned, built
# into .cache) over every Go module with every build tag in use (tools/lint.sh). The tier fails on
# any finding; staticcheck's are also written to $(STATICCHECK_FINDINGS). staticcheck's default
# checks apply (no staticcheck.conf); generated files ("Code generated ... DO NOT EDIT.") are
# exempt from most of them by staticcheck itself.
TEST_TIERS += lint

# staticcheck 2026.2.2, built with (and for) Go 1.26.
STATICCHECK_VERSION := v0.8.2
STATICCHECK := $(CACHE)/staticcheck-$(STATICCHECK_VERSION)/staticcheck
STATICCHECK_FINDINGS := $(CACHE)/staticcheck-findings.txt

$(STATICCHECK):
	GOBIN=$(CURDIR)/$(dir $(STATICCHECK)) $(GO) install honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION)

.PHONY: lint
## lint: gofmt, go vet and staticcheck over every module and build tag
lint: $(STATICCHECK)
	GO=$(GO) tools/lint.sh $(STATICCHECK) $(STATICCHECK_FINDINGS)
