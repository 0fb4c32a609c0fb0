# The example-go tier: the Go example (examples/go, its own module) vetted and run under mocks.
TEST_TIERS += example-go

.PHONY: example-go
## example-go: the Go example under mocks
example-go:
	cd examples/go && $(GO) vet ./... && $(GO) test -count=1 ./...
