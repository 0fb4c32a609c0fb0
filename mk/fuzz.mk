# The fuzz tier: bounded fuzzing of validation, the policy engine, the member template and the
# whole pipeline (central.Build); each corpus lives in the package's testdata/fuzz. The tier fails
# when a package has a fuzz test FUZZ_TARGETS does not name.
TEST_TIERS += fuzz
FUZZTIME ?= 10s
FUZZ_TARGETS := provider/central:FuzzBuild provider/config:FuzzValidate provider/member:FuzzTemplate \
	provider/policy:FuzzDocuments

.PHONY: fuzz
## fuzz: every fuzz test for FUZZTIME each
fuzz:
	found="$$(git grep -n --untracked -E '^func Fuzz[A-Za-z0-9_]*\(' -- '*_test.go' | \
		sed -E 's|^(.*)/[^/:]*:[0-9]+:func (Fuzz[A-Za-z0-9_]*)\(.*|\1:\2|' | LC_ALL=C sort | tr '\n' ' ')"; \
		test "$$found" = "$(FUZZ_TARGETS) " || { echo "fuzz: the fuzz tests are: $$found (FUZZ_TARGETS: $(FUZZ_TARGETS))"; exit 1; }
	$(foreach t,$(FUZZ_TARGETS),$(call fuzz-one,$(firstword $(subst :, ,$(t))),$(lastword $(subst :, ,$(t)))))

# $(call fuzz-one,PACKAGE,FUZZ): FUZZ of PACKAGE for FUZZTIME. Minimizing a new input is bounded
# well under FUZZTIME: when FUZZTIME ends during a minimization, go test fails with "context deadline
# exceeded" (seen on a loaded 2-core machine).
define fuzz-one
$(GO) test -run '^$$' -fuzz '^$(2)$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 2s ./$(1)

endef
