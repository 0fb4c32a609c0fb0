# The moto-go tier: the generated IAM roles, KMS keys and organization policies, and an audit
# report bucket with its Object Lock, created in moto through the AWS SDK for Go v2 and read back
# (tests/moto, build tag moto); moto's server from the Python tier's virtualenv.
TEST_TIERS += moto-go

.PHONY: moto-go
## moto-go: the generated IAM, KMS, Organizations and report bucket resources in moto
moto-go: $(VENV)/.installed
	ORGBACKUP_MOTO_PYTHON=$(CURDIR)/$(VENV)/bin/python $(GO) test -tags moto -count=1 ./tests/moto/...
