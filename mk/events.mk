# The events tier (issue 13): every event pattern render writes for the example
# configurations (resources.json's event rules, the StackSet templates' event
# rules) and the alert patterns of provider/events, matched against AWS's
# documented sample events (tests/events/testdata, each with its URL) by
# event-ruler, the matching library of Amazon EventBridge, under JUnit 5.
# Maven and Java 17 from the machine; the pinned dependencies and plugins go to
# ~/.m2, the build to .cache/events.
EVENTS_DIR := tests/events
MVN ?= mvn

.PHONY: events
events: render-examples
	$(GO) run ./tests/events/library --out $(CURDIR)/$(CACHE)/events/library.json examples/config/*.yaml
	cd $(EVENTS_DIR) && ORGBACKUP_RENDERED=$(CURDIR)/$(RENDERED) ORGBACKUP_EVENTS_LIBRARY=$(CURDIR)/$(CACHE)/events/library.json \
		$(MVN) -B -q --no-transfer-progress -Dstyle.color=never test

TEST_TIERS += events
