# The Python tier: cfn-lint and moto on the rendered member templates, the custom resource
# function against moto (tests/python). Pinned tools in the virtualenv $(VENV).
TEST_TIERS += python

.PHONY: python
## python: cfn-lint and moto's CloudFormation on the rendered StackSet templates
python: $(VENV)/.installed render-examples
	cd tests/python && ORGBACKUP_RENDERED=$(CURDIR)/$(RENDERED) ../../$(VENV)/bin/pytest -q -p no:cacheprovider
