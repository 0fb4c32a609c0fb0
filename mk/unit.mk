# The unit tier: the Go tests of the root module (validation, policy goldens, the central and member
# plans, deployer permissions, the component under mocks and through the provider protocol, state
# machines under a JSONata interpreter, the codegen drift check, the YAML example, hygiene).
TEST_TIERS += unit

.PHONY: unit
## unit: go test of the root module
unit:
	$(GO) test -count=1 ./...
