# The fuzz tier: bounded fuzzing of validation, the policy engine, the member template and the
# whole pipeline (central.Build); each corpus lives in the package's testdata/fuzz. The tier fails
# when a package has a fuzz test FUZZ_TARGETS does not name.
#
# Each target runs for a number of executions, not a duration: with a duration -fuzztime, Go 1.26's
# fuzzing coordinator can fail a healthy run with "context deadline exceeded" as the time runs out
# (https://github.com/golang/go/issues/75804, fixed in Go 1.27); an execution count has no deadline
# to race. The counts are about 10 s each on a 2-core machine; FUZZ_SCALE multiplies them.
TEST_TIERS += fuzz
FUZZ_SCALE ?= 1
FUZZ_TARGETS := provider/central:FuzzBuild:40000 provider/config:FuzzValidate:120000 \
	provider/member:FuzzTemplate:3000 provider/policy:FuzzDocuments:30000
FUZZ_NAMES := $(foreach t,$(FUZZ_TARGETS),$(word 1,$(subst :, ,$(t))):$(word 2,$(subst :, ,$(t))))

.PHONY: fuzz
## fuzz: every fuzz test for its execution count (times FUZZ_SCALE)
fuzz:
	found="$$(git grep -n --untracked -E '^func Fuzz[A-Za-z0-9_]*\(' -- '*_test.go' | \
		sed -E 's|^(.*)/[^/:]*:[0-9]+:func (Fuzz[A-Za-z0-9_]*)\(.*|\1:\2|' | LC_ALL=C sort | tr '\n' ' ')"; \
		test "$$found" = "$(FUZZ_NAMES) " || \
		{ echo "fuzz: the fuzz tests are: $$found (FUZZ_TARGETS: $(FUZZ_TARGETS))"; exit 1; }
	$(foreach t,$(FUZZ_TARGETS),$(call fuzz-one,$(subst :, ,$(t))))

# $(call fuzz-one,PACKAGE FUZZ COUNT): FUZZ of PACKAGE for COUNT × FUZZ_SCALE executions; minimizing
# a new input is bounded to 2 s.
define fuzz-one
$(GO) test -run '^$$' -fuzz '^$(word 2,$(1))$$' -fuzztime $$(($(word 3,$(1)) * $(FUZZ_SCALE)))x -fuzzminimizetime 2s ./$(word 1,$(1))

endef
