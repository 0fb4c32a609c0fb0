# The example-python tier: the Python example (examples/python) with sdk/python installed into the
# example's pinned virtualenv $(SDK_VENV), under mocks; its management account's program
# (examples/python/management) in a pytest of its own, as Pulumi's mocks are per process.
TEST_TIERS += example-python

.PHONY: example-python
## example-python: the Python example under mocks
example-python: $(SDK_VENV)/.installed
	$(SDK_VENV)/bin/pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation --force-reinstall ./sdk/python
	cd examples/python && ../../$(SDK_VENV)/bin/pytest -q -p no:cacheprovider --ignore=management
	cd examples/python/management && ../../../$(SDK_VENV)/bin/pytest -q -p no:cacheprovider
