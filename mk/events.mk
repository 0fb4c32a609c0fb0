# The events tier (issue 13): every event pattern render writes for the example
# configurations (resources.json's event rules, the StackSet templates' event
# rules) and the alert patterns of provider/events, matched against AWS's
# documented sample events (tests/events/testdata, each with its URL) by
# event-ruler (the rule matching AWS open-sourced from Amazon EventBridge,
# https://aws.amazon.com/blogs/opensource/open-sourcing-event-ruler/), under JUnit 5.
# Needs a Java 17 or newer JDK; Maven, pinned and checked, comes from Maven
# Central into .cache, the pinned dependencies and plugins into ~/.m2, the build
# into .cache/events.
EVENTS_DIR := tests/events
MAVEN_VERSION := 3.9.9
MAVEN_SHA512 := a555254d6b53d267965a3404ecb14e53c3827c09c3b94b5678835887ab404556bfaf78dcfe03ba76fa2508649dca8531c74bca4d5846513522404d48e8c4ac8b
MAVEN_DIR := $(CACHE)/maven-$(MAVEN_VERSION)
MVN := $(MAVEN_DIR)/bin/mvn

$(MVN):
	rm -rf $(MAVEN_DIR) && mkdir -p $(MAVEN_DIR)
	curl -fsSL -o $(MAVEN_DIR).tar.gz https://repo.maven.apache.org/maven2/org/apache/maven/apache-maven/$(MAVEN_VERSION)/apache-maven-$(MAVEN_VERSION)-bin.tar.gz
	echo "$(MAVEN_SHA512)  $(MAVEN_DIR).tar.gz" | sha512sum -c --quiet
	tar xzf $(MAVEN_DIR).tar.gz -C $(MAVEN_DIR) --strip-components=1
	rm $(MAVEN_DIR).tar.gz

## events: every rendered event pattern against AWS's documented sample events
.PHONY: events
events: render-examples $(MVN)
	@v=$$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'); \
		test "$${v%%.*}" -ge 17 2>/dev/null || { echo "make events needs a Java 17 or newer JDK on PATH (found: $${v:-none})"; exit 1; }
	$(GO) run ./tests/events/library --out $(CURDIR)/$(CACHE)/events/library.json examples/config/*.yaml
	cd $(EVENTS_DIR) && ORGBACKUP_RENDERED=$(CURDIR)/$(RENDERED) ORGBACKUP_EVENTS_LIBRARY=$(CURDIR)/$(CACHE)/events/library.json \
		$(CURDIR)/$(MVN) -B -q --no-transfer-progress -Dstyle.color=never test

TEST_TIERS += events
